/**
 * @module model-card: Hugging Face style model and dataset cards (README.md, MODEL_CARD.md, model_card.md in any
 * folder). The file pass decodes the card, parses its YAML front matter and finds its sections; the project pass
 * decides which cards describe a model (front matter keys, or model files beside the card), records them for the
 * inventory and checks they say what principle 2.3 asks: license, intended use, limitations.
 */
import type { FileContext } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import type { CardKind, CardSections } from './card.js';
import { decodeCard, parseCard } from './card.js';
import { malformedFrontMatter } from './rules/malformed-front-matter.js';
import { missingCardFields } from './rules/missing-card-fields.js';
import { unreadableCard } from './rules/unreadable-card.js';
import { isModelFile } from '../../core/model-file.js';

/** Cards are kilobytes; a huge README is read up to this and the rest is not looked at. */
export const MAX_CARD_BYTES = 1024 * 1024;

const CARD_NAME = /^(?:readme|model_card|modelcard|model-card|dataset_card)\.md$/i;

export interface CardFact {
  readonly kind?: CardKind;
  readonly fields: Readonly<Record<string, string>>;
  readonly sections: CardSections;
  /** The card was longer than the cap: missing sections may be past it. */
  readonly truncated: boolean;
  /** Front matter problems make `fields` incomplete: missing fields are not then judged on them. */
  readonly frontMatterBroken: boolean;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

function analyze(bytes: Uint8Array, truncated: boolean, context: FileContext<CardFact>): void {
  const decoded = decodeCard(bytes);
  if (decoded.binary) {
    context.report(unreadableCard, { message: 'The card holds NUL bytes: it is binary, not a UTF-8 Markdown card, and no metadata can be read from it.', position: { startLine: 1 } });
    context.inconclusive('binary content in a model card');
    return;
  }
  if (decoded.encoding !== undefined) {
    context.report(unreadableCard, {
      message: `The card is ${decoded.encoding}, not UTF-8: the Hugging Face Hub and card tooling expect UTF-8 and may lose its metadata. It was decoded and read anyway.`,
      position: { startLine: 1 },
    });
  }
  const card = parseCard(decoded.text);
  if (card.problem) {
    context.report(malformedFrontMatter, {
      message: `The card's front matter cannot be read (${card.problem.message}): its license, base model, datasets and other metadata are lost to the Hub and to inventories. The rest of the card was still read.`,
      evidence: (decoded.text.split(/\r\n|\r|\n/, card.problem.line)[card.problem.line - 1] ?? '').trim().slice(0, 200),
      position: { startLine: card.problem.line },
    });
  }
  if (truncated) context.note(`the card is larger than ${MAX_CARD_BYTES} bytes; only the first ${MAX_CARD_BYTES} were read`);
  context.fact({ ...(card.kind === undefined ? {} : { kind: card.kind }), fields: card.fields, sections: card.sections, truncated, frontMatterBroken: card.problem !== undefined });
}

function cardProperties(path: string, fact: CardFact): Record<string, string> {
  return {
    source: 'card',
    card: path,
    ...fact.fields,
    ...(fact.sections.intendedUse === undefined ? {} : { intended_use: fact.sections.intendedUse }),
    ...(fact.sections.limitations === undefined ? {} : { limitations: fact.sections.limitations }),
  };
}

export const modelCardAnalyzer = defineAnalyzer<CardFact>({
  id: 'model-card',
  version: '1',
  description: 'Reads Hugging Face style model and dataset cards (front matter and sections) for the inventory, and checks model cards parse and state a license, intended uses and limitations.',
  rules: [malformedFrontMatter, missingCardFields, unreadableCard],
  claims: (file) => CARD_NAME.test(baseName(file.member ?? file.path)),
  analyzeFile(file, context) {
    const bytes = file.source.read(0, Math.min(file.size, MAX_CARD_BYTES));
    analyze(bytes, file.size > MAX_CARD_BYTES, context);
  },
  analyzeProject(project, context) {
    const modelFolders = new Set<string>();
    for (const record of project.files) {
      if (isModelFile(record)) modelFolders.add(folderOf(record.path));
    }
    for (const { path, member, fact } of project.facts) {
      const cardPath = member ?? path;
      const folder = member === undefined ? folderOf(path) : `${path}!${folderOf(member)}`.replace(/!$/, '');
      const isModel = fact.kind === 'model' || (fact.kind === undefined && member === undefined && modelFolders.has(folderOf(path)));
      const location = { path, ...(member === undefined ? {} : { member }) };
      if (isModel || fact.kind === 'dataset') {
        context.asset({ kind: isModel ? 'model' : 'dataset', name: folder === '' ? '.' : folder, location, properties: cardProperties(cardPath, fact) });
      }
      if (!isModel) continue;
      const missing: string[] = [];
      if (fact.fields['license'] === undefined && fact.sections.license === undefined && !fact.frontMatterBroken) missing.push('a license (front matter `license:`)');
      if (!fact.truncated) {
        if (fact.sections.intendedUse === undefined) missing.push('intended uses (an "Intended uses" or "Uses" section with content)');
        if (fact.sections.limitations === undefined) missing.push('limitations (a "Limitations" or "Bias, Risks, and Limitations" section with content)');
      }
      if (missing.length === 0) continue;
      context.report(missingCardFields, {
        message: `The model card ${cardPath} does not state ${missing.join(', ')}: users of ${folder === '' ? 'this model' : folder} cannot tell what it is for, what it must not be used for, or under which terms.`,
        location: { ...location, startLine: 1 },
      });
    }
  },
});
