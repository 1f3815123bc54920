import type { RuleMeta } from '../../../core/rule.js';

/** Local and central headers of one member disagree: readers that follow either see different content. */
export const headerMismatch: RuleMeta = {
  id: 'zip/header-mismatch',
  title: 'Zip local and central headers disagree',
  severity: 'high',
  principle: '2.1',
  references: { cwe: ['CWE-436'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'A member\'s local header gives another name, size, compression method or encryption flag than the central ' +
    'directory. PyTorch (miniz) and Python\'s zipfile read the central directory; streaming extractors and some ' +
    'scanners trust the local header, or refuse the file and skip it (GHSA-w8jq-xcqf-f792, CVE-2025-1944, ' +
    'CVE-2025-1945). No ordinary writer produces such a file: it is how malicious checkpoints have been hidden ' +
    'from scanners while still loading in PyTorch. aigis scans the member as PyTorch reads it.',
  fix:
    'Do not load this file. Get the model again from its publisher, preferably as safetensors; if only a PyTorch ' +
    'checkpoint exists, load it with torch.load(weights_only=True) (PyTorch 2.6 or later) after it scans clean.',
};
