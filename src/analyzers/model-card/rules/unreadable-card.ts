import type { RuleMeta } from '../../../core/rule.js';

export const unreadableCard: RuleMeta = {
  id: 'model-card/unreadable-card',
  title: 'Model card is not UTF-8 text',
  severity: 'low',
  principle: '2.3',
  references: {},
  description:
    'Model and dataset cards are read as UTF-8 by the Hugging Face Hub, huggingface_hub and documentation tooling. A card saved as UTF-16, with invalid UTF-8 bytes or with binary content loses its metadata or shows garbage on those tools, so the documentation the guidelines ask for is effectively missing. aigis decoded what it could and read it anyway.',
  fix: 'Re-save the card as UTF-8 without binary content (most editors offer "Save with encoding"; `iconv -f UTF-16 -t UTF-8 README.md`), then check that the front matter still parses.',
};
