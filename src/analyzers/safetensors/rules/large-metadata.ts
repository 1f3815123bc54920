import type { SafetensorsRule } from '../rule.js';

/** kohya-style LoRA metadata (tag frequencies, dataset folders) stays well below this. */
export const MAX_METADATA_BYTES = 4 * 1024 * 1024;

export const largeMetadata: SafetensorsRule = {
  meta: {
    id: 'safetensors/large-metadata',
    title: 'Oversized safetensors __metadata__',
    severity: 'low',
    principle: '2.1',
    references: { cwe: ['CWE-506'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The free-form `__metadata__` map of this header holds megabytes of text. Writers put a few short ' +
      'strings there (`format: pt`, training settings); this much is room for an encoded payload or for ' +
      'prompt text that tools reading the metadata pass on unchecked.',
    fix:
      'Look at what the metadata holds (`safetensors.safe_open(path, "np").metadata()`), strip what the model ' +
      'does not need and re-save the file; do not feed metadata values to interpreters or prompts.',
  },
  check(file, _layout, report) {
    if (file.metadataBytes <= MAX_METADATA_BYTES) return;
    report({
      message: `The __metadata__ map holds ${file.metadataBytes} bytes of keys and values, more than the ${MAX_METADATA_BYTES} aigis expects of a safetensors header.`,
      evidence: `${file.metadataBytes} bytes of metadata`,
      position: { offset: 8 },
    });
  },
};
