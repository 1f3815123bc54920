/**
 * @module disguised-file: a file whose name promises one format while its sniffed content is a pickle, an
 * archive or a compressed stream. It needs only the name and the sniffed type; the content itself is
 * scanned by the analyzers for what it really is.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { claimedFormat } from './expectations.js';
import { contentMismatch } from './rules/content-mismatch.js';

export const disguisedFileAnalyzer = defineAnalyzer({
  id: 'disguised-file',
  version: '1',
  description: 'Flags files whose extension names a safe or specific format while their content is a pickle, an archive or a compressed stream.',
  rules: [contentMismatch.meta],
  claims: (file) => claimedFormat(file.member ?? file.path, file.type) !== undefined,
  analyzeFile(file, context) {
    contentMismatch.check(file.member ?? file.path, file.type, (report) => context.report(contentMismatch.meta, report));
  },
});
