/**
 * @module safetensors: validates the header and the tensor layout against the file, never reading tensor
 * bytes. Bytes that no tensor covers go back to the engine as members, so a payload hidden there is sniffed
 * and scanned by the analyzer for whatever it is.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { MAX_REPORTS_PER_RULE } from '../../lib/limited-reports.js';
import { checkLayout } from './layout.js';
import type { SafetensorsRule } from './rule.js';
import { ambiguousHeader } from './rules/ambiguous-header.js';
import { invalidHeader } from './rules/invalid-header.js';
import { invalidTensorLayout } from './rules/invalid-tensor-layout.js';
import { largeMetadata } from './rules/large-metadata.js';
import { unreferencedBytes } from './rules/unreferenced-bytes.js';
import { readSafetensors } from './safetensors-file.js';

export const SAFETENSORS_RULES: readonly SafetensorsRule[] = [invalidHeader, ambiguousHeader, invalidTensorLayout, unreferencedBytes, largeMetadata];

export const unreferencedMemberName = (start: number, end: number) => `<unreferenced bytes ${start}-${end}>`;

export const safetensorsAnalyzer = defineAnalyzer({
  id: 'safetensors',
  version: '1',
  description: 'Validates safetensors headers: length, JSON, dtypes, offsets in bounds with no overlaps or gaps, dtype x shape, metadata.',
  rules: SAFETENSORS_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['safetensors'],
  // A header that is not sniffable (it runs past the file, or starts with a space) is still a safetensors
  // file to a loader that goes by name. Text is left out: a Git LFS pointer is not a model.
  claims: (file) => file.type === 'binary' && /\.safetensors$/i.test(file.member ?? file.path),
  async analyzeFile(file, context) {
    const parsed = readSafetensors(file.source);
    const layout = parsed.invalid.length > 0 ? { problems: [], unreferenced: [] } : checkLayout(parsed);
    for (const rule of SAFETENSORS_RULES) rule.check(parsed, layout, (report) => context.report(rule.meta, report));
    for (const region of layout.unreferenced.slice(0, MAX_REPORTS_PER_RULE)) {
      await context.emitMember(unreferencedMemberName(region.start, region.end), file.source.slice(region.start, region.end - region.start));
    }
    if (layout.unreferenced.length > MAX_REPORTS_PER_RULE) {
      context.inconclusive(`${layout.unreferenced.length} unreferenced regions; only the first ${MAX_REPORTS_PER_RULE} were scanned`);
    }
  },
});
