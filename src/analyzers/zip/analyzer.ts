/**
 * @module zip: reads zip archives (PyTorch checkpoints, TorchScript, .npz, .keras and plain zips) with its own
 * reader, built to read them as PyTorch does and to report where other readers would see something else. It
 * never interprets members: it hands each one back to the engine, which sniffs it and runs whatever analyzer
 * claims it (pickle, numpy, keras...). Only headers and the members handed on are read, so a multi-gigabyte
 * checkpoint costs the same as a small one.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { asSentence } from '../../lib/limited-reports.js';
import { checkDuplicates, checkEncryption, checkHeaders, checkPaths, isSymlink, reportLimited } from './entry-checks.js';
import { detectLayout } from './layout.js';
import { emitMembers, smallMemberBytes } from './members.js';
import { decodeName } from './reader/entry-name.js';
import { locateEntries, readZipDirectory } from './reader/zip-archive.js';
import { compressionBomb } from './rules/compression-bomb.js';
import { duplicateEntry } from './rules/duplicate-entry.js';
import { encryptedEntry } from './rules/encrypted-entry.js';
import { headerMismatch } from './rules/header-mismatch.js';
import { malformedArchive } from './rules/malformed-archive.js';
import { pathTraversal } from './rules/path-traversal.js';
import { torchscriptArchive } from './rules/torchscript-archive.js';
import { torchscriptFileAccess } from './rules/torchscript-file-access.js';
import { checkTorchScript } from './torchscript.js';

/** Entries listed at most; each costs a few hundred bytes of memory. */
const MAX_ENTRIES = 500_000;
const MAX_LINK_TARGET = 4096;

export const zipAnalyzer = defineAnalyzer({
  id: 'zip',
  version: '1',
  description: 'Opens zip archives (PyTorch checkpoints, TorchScript, .npz, .keras) as PyTorch reads them, reports parser differentials, traversal and bombs, and hands every member on.',
  rules: [headerMismatch, duplicateEntry, pathTraversal, encryptedEntry, malformedArchive, compressionBomb, torchscriptArchive, torchscriptFileAccess],
  runsInWorker: true,
  fileTypes: ['zip'],
  async analyzeFile(file, context) {
    const directory = readZipDirectory(file.source, MAX_ENTRIES);
    const layout = detectLayout(directory.entries.map((entry) => entry.name));
    const archive = locateEntries(file.source, directory, (entry) => layout.isRawStorage(entry.name));
    reportLimited(context, malformedArchive, archive.problems.map((problem) => ({ ...problem, message: asSentence(problem.message) })));
    if (archive.incomplete) context.inconclusive(archive.incomplete);
    const { entries } = archive;

    const linkTargets = new Map<number, string>();
    for (const entry of entries) {
      const target = isSymlink(entry) ? smallMemberBytes(file.source, entry, MAX_LINK_TARGET) : undefined;
      if (target) linkTargets.set(entry.index, decodeName(target));
    }
    checkHeaders(entries, context);
    checkDuplicates(entries, context);
    checkPaths(entries, linkTargets, context);
    checkEncryption(entries, context);

    checkTorchScript(file.source, entries, layout, context);
    await emitMembers(file, entries, context);
  },
});
