import type { SafetensorsRule } from '../rule.js';
import { reportProblems } from '../rule.js';

export const unreferencedBytes: SafetensorsRule = {
  meta: {
    id: 'safetensors/unreferenced-bytes',
    title: 'Bytes in a safetensors file that no tensor covers',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-506'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'Part of the data area (a gap between tensors, or bytes after the last one) belongs to no tensor. The ' +
      'safetensors library refuses such files (MetadataIncompleteBuffer), but readers that seek by offset load ' +
      'them and never look at the extra bytes, which is where a second payload (a pickle, an archive) can ' +
      'travel past reviews. aigis scans those bytes as a member of the file.',
    fix:
      'Re-export the weights with `safetensors.torch.save_file`, which writes tensors back to back, and find ' +
      'out who added the extra bytes. Pin and verify the hash of model files you download.',
  },
  check(_file, layout, report) {
    const problems = layout.unreferenced.map((region) => ({
      message: `bytes ${region.start}-${region.end} (${region.end - region.start} bytes) belong to no tensor`,
      offset: region.start,
    }));
    reportProblems(problems, 'The safetensors data area has unreferenced bytes: ', report);
  },
};
