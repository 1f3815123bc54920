import type { RuleMeta } from '../../../core/rule.js';

export const missingCardFields: RuleMeta = {
  id: 'model-card/missing-card-fields',
  title: 'Model card without a license, intended use or limitations',
  severity: 'low',
  principle: '2.3',
  references: {},
  description:
    'Principle 2.3 asks developers to document models, data and prompts: what a model is for, what it must not be used for, its known limitations and failure modes, and the terms it is released under. A card that omits them leaves downstream users to guess, and makes misuse, licence violations and unsafe deployment more likely. Template placeholders such as "[More Information Needed]" count as missing.',
  fix: 'Add `license:` to the front matter (an SPDX id such as apache-2.0, or `other` with `license_name`/`license_link`), and "## Intended uses" (including out-of-scope uses) and "## Limitations" (known biases, risks and failure modes) sections with real content. The Hugging Face model card template lists the expected sections.',
};
