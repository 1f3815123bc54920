/**
 * @module tar: reads tar archives (ustar, pax, GNU, v7) with its own block reader and hands every regular file
 * back to the engine as a window onto the archive (nothing copied). PyTorch's oldest checkpoint format is a tar
 * whose `storages` and `tensors` records mix pickles with raw tensor bytes: only their pickles are handed on.
 */
import type { FileContext, FileInput } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import { asSentence } from '../../lib/limited-reports.js';
import { checkDevices, checkDuplicates, checkPaths, reportLimited } from './entry-checks.js';
import type { TarEntry } from './reader/tar-archive.js';
import { readTarArchive } from './reader/tar-archive.js';
import { deviceEntry } from './rules/device-entry.js';
import { duplicateEntry } from './rules/duplicate-entry.js';
import { malformedArchive } from './rules/malformed-archive.js';
import { pathTraversal } from './rules/path-traversal.js';
import { LEGACY_MIXED_RECORDS, splitStorages, splitTensors } from './torch-legacy.js';

const MAX_ENTRIES = 500_000;

/** A tar is PyTorch's legacy format when it holds its records at the top level. */
function isTorchLegacy(entries: readonly TarEntry[]): boolean {
  const names = new Set(entries.filter((e) => e.kind === 'file').map((e) => e.name));
  return names.has('pickle') && names.has('storages') && (names.has('sys_info') || names.has('tensors'));
}

async function emitLegacyRecord(file: FileInput, entry: TarEntry, context: FileContext<unknown>): Promise<void> {
  const record = file.source.slice(entry.dataOffset, entry.size);
  const split = entry.name === 'storages' ? splitStorages(record) : splitTensors(record);
  if (split.pickles.length > 0) await context.emitMember(entry.name, new BufferSource(split.pickles));
  context.note(`${entry.name}: PyTorch legacy record; its pickles were scanned, its raw tensor bytes were not`);
  if (split.problem) {
    context.report(malformedArchive, {
      message: `PyTorch legacy record "${entry.name}" cannot be walked: ${split.problem}. Its remaining pickles were not scanned.`,
      evidence: entry.name,
      position: { offset: entry.headerOffset },
    });
    context.inconclusive(`the PyTorch legacy record ${entry.name} could not be walked to its end (${split.problem})`);
  }
}

export const tarAnalyzer = defineAnalyzer({
  id: 'tar',
  version: '1',
  description: 'Opens tar archives (including PyTorch\'s oldest checkpoint format), reports traversal, special files and damage, and hands every member on.',
  rules: [pathTraversal, deviceEntry, malformedArchive, duplicateEntry],
  runsInWorker: true,
  fileTypes: ['tar'],
  async analyzeFile(file, context) {
    const archive = readTarArchive(file.source, MAX_ENTRIES);
    reportLimited(context, malformedArchive, archive.problems.map((problem) => ({ ...problem, message: asSentence(problem.message) })));
    if (archive.incomplete) context.inconclusive(archive.incomplete);
    const { entries } = archive;
    checkPaths(entries, context);
    checkDevices(entries, context);
    checkDuplicates(entries, context);

    const legacy = isTorchLegacy(entries);
    for (const entry of entries) {
      if (entry.kind !== 'file' || entry.size === 0) continue;
      if (legacy && LEGACY_MIXED_RECORDS.has(entry.name)) await emitLegacyRecord(file, entry, context);
      else await context.emitMember(entry.name, file.source.slice(entry.dataOffset, entry.size));
    }
  },
});
