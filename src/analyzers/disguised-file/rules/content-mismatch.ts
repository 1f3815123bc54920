import type { Position } from '../../../core/analyzer.js';
import type { FileType } from '../../../core/file-type.js';
import type { RuleMeta } from '../../../core/rule.js';
import { claimedFormat, extensionOf } from '../expectations.js';

const CONTENT_NAMES: Readonly<Record<string, string>> = {
  pickle: 'a pickle', zip: 'a zip archive', tar: 'a tar archive', '7z': 'a 7z archive', gzip: 'a gzip stream',
  bzip2: 'a bzip2 stream', xz: 'an xz stream', zstd: 'a zstd stream', zlib: 'a zlib stream',
};

const meta: RuleMeta = {
  id: 'disguised-file/content-mismatch',
  title: 'File content disguised under another format\'s extension',
  severity: 'high',
  principle: '2.1',
  references: { cwe: ['CWE-434', 'CWE-502'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
  description:
    'The file\'s name claims a safe or specific format (`.safetensors`, `.gguf`, `.npy`, `.json`, `.png`...) ' +
    'but its content is a pickle, an archive or a compressed stream. Scanners and reviewers that go by the ' +
    'name skip it (CVE-2025-1889: picklescan skipped pickles whose names lacked a pickle extension), while ' +
    'loaders that pick a code path by content or fall back to `torch.load`/`pickle.load`/`numpy.load(' +
    'allow_pickle=True)` execute it. No legitimate tool writes these mismatches.',
  fix:
    'Treat the file as what its content is (aigis scans it as such) and find out why it was renamed. Load ' +
    'weights through format-specific safe loaders (`safetensors.safe_open`, `torch.load(weights_only=True)`, ' +
    '`numpy.load(allow_pickle=False)`) that refuse anything else, and pin model files by hash.',
};

export const contentMismatch = {
  meta,
  /** @param name the path, or the member name inside an archive */
  check(name: string, type: FileType, report: (report: { message: string; evidence: string; position: Position }) => void): void {
    const format = claimedFormat(name, type);
    if (format === undefined) return;
    const content = CONTENT_NAMES[type] ?? type;
    const loader = type === 'pickle' ? 'a loader routed by content, or one that falls back to pickle, runs it' : 'a loader that unpacks it may reach a pickle inside';
    report({
      message: `The content is ${content} but the name (.${extensionOf(name)}) claims ${format}: tools that trust the name skip it, and ${loader}.`,
      evidence: `.${extensionOf(name)} file sniffed as ${type}`,
      position: { offset: 0 },
    });
  },
};
