/**
 * @module gguf: validates a GGUF file's header, metadata and tensor layout against the file without reading
 * tensor data, and hands its chat templates (`tokenizer.chat_template`, `tokenizer.chat_template.<name>`)
 * and any unreferenced bytes back to the engine as members, for the chat-template analyzer and whatever
 * analyzer claims those bytes.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { MAX_REPORTS_PER_RULE } from '../../lib/limited-reports.js';
import { readGguf } from './gguf-file.js';
import { checkLayout } from './layout.js';
import type { GgufRule } from './rule.js';
import { inconsistentMetadata } from './rules/inconsistent-metadata.js';
import { irregularTensorLayout } from './rules/irregular-tensor-layout.js';
import { malformedHeader } from './rules/malformed-header.js';
import { tensorDataOutOfBounds } from './rules/tensor-data-out-of-bounds.js';

export const GGUF_RULES: readonly GgufRule[] = [malformedHeader, inconsistentMetadata, tensorDataOutOfBounds, irregularTensorLayout];

/** More named templates than this in one file are not plausible; the rest are not scanned. */
const MAX_TEMPLATES = 64;

export const unreferencedMemberName = (start: number, end: number) => `<unreferenced bytes ${start}-${end}>`;

export const ggufAnalyzer = defineAnalyzer({
  id: 'gguf',
  version: '1',
  description: 'Validates GGUF headers, metadata and tensor layout against the file, and passes chat templates on for SSTI checks.',
  rules: GGUF_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['gguf'],
  async analyzeFile(file, context) {
    const gguf = readGguf(file.source);
    const layout = checkLayout(gguf, file.size);
    for (const rule of GGUF_RULES) rule.check(gguf, layout, (report) => context.report(rule.meta, report));
    for (const note of gguf.notes) context.note(note);
    if (gguf.incomplete) context.inconclusive(gguf.incomplete);
    for (const template of gguf.templates.slice(0, MAX_TEMPLATES)) {
      await context.emitMember(template.key, file.source.slice(template.offset, template.length));
    }
    if (gguf.templates.length > MAX_TEMPLATES) context.inconclusive(`${gguf.templates.length} chat templates; only the first ${MAX_TEMPLATES} were scanned`);
    for (const region of layout.unreferenced.slice(0, MAX_REPORTS_PER_RULE)) {
      await context.emitMember(unreferencedMemberName(region.start, region.end), file.source.slice(region.start, region.end - region.start));
    }
  },
});
