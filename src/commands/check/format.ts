/** @module docs/conformance.md: how `aigis check` judges each principle, generated from the check catalogue. */
import { AREAS, GUIDELINES_SOURCE } from '../../core/catalogue.js';
import { CHECKS, type Applicability } from '../../core/conformance/checks.js';

const APPLIES: Record<Applicability, string> = {
  always: 'always',
  'local-models': 'model files in the repository',
  'hub-models': 'models fetched from a hub',
  datasets: 'dataset files in the repository',
  prompts: 'prompts found',
  'ai-code': 'code that calls an AI service',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

export function checksAsMarkdown(): string {
  const out = [
    '# Conformance checks',
    '',
    '<!-- Generated from src/core/conformance/checks.ts by `npm run docs`; do not edit. -->',
    '',
    `\`aigis check\` gives each of the 17 principles of the NCSC/CISA [${GUIDELINES_SOURCE.title}](${GUIDELINES_SOURCE.url}) a status:`,
    '',
    '- **met**: every required check that applies holds, at least one *control* was verified, and no finding (other than info) counts against the principle;',
    '- **partial**: some evidence, but not all of the above;',
    '- **missing**: no evidence at all;',
    '- **not applicable**: declared in aigis.yaml with a reason (`conformance.notApplicable: {"3.2": "why"}`).',
    '',
    'A *document* check holds when a document or config is present and says what it should. A *control* check holds',
    'only when aigis verified it in the project itself: signatures verify, CI gates the release on an evaluation job, the',
    'threat model names every AI asset aigis found. Principles that only documents can speak to (2.4, 3.5) are never',
    'reported as met: whether the reasoning is sound is a person\'s judgement.',
    '',
    'A check "applies" according to the AI inventory (`aigis bom` shows it): model-signing checks, for instance, are expected',
    'only when the repository holds model files. Evidence marked *derived* is worked out by aigis from the scan as a whole',
    '(the inventory, and which files its rules read); the rest is recorded by the analyzers.',
    '',
  ];
  for (const area of AREAS) {
    out.push(`## ${area.id} ${area.title}`, '');
    for (const principle of area.principles) {
      out.push(`### ${principle.id} ${principle.title}`, '', '| Check | Kind | Required | Expected when | Holds when | If not |', '| --- | --- | --- | --- | --- | --- |');
      for (const check of CHECKS.filter((c) => c.principle === principle.id)) {
        const kind = `${check.kind}${check.derived ? ' (derived)' : ''}`;
        out.push(`| \`${check.id}\` | ${kind} | ${check.required ? 'yes' : 'no'} | ${APPLIES[check.appliesWhen]} | ${cell(check.title)} | ${cell(check.nextStep)} |`);
      }
      out.push('');
    }
  }
  return `${out.join('\n')}`;
}
