import type { RuleMeta } from '../../../core/rule.js';

export const malformedFrontMatter: RuleMeta = {
  id: 'model-card/malformed-front-matter',
  title: 'Model card front matter is not valid YAML',
  severity: 'low',
  principle: '2.3',
  references: {},
  description:
    'The YAML block between the "---" lines at the top of a Hugging Face style card carries its machine-readable facts: license, base model, datasets, pipeline and evaluation results. When it does not parse, the Hub, huggingface_hub and inventory tools (aigis bom among them) silently drop all of it, so the model ships without the documented license and provenance the guidelines ask for. The rest of the card is still read.',
  fix: 'Fix the YAML at the reported line (indentation, an unquoted ":" or "#" in a value, a duplicated key, a missing closing "---") and check it with `huggingface-cli` or any YAML parser; keep only metadata there and move prose into the Markdown body.',
};
