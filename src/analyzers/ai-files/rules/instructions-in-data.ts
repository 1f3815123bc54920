import type { RuleMeta } from '../../../core/rule.js';

export const meta: RuleMeta = {
  id: 'ai-files/instructions-in-data',
  title: 'Instructions to the model hidden in a dataset (indirect prompt injection)',
  severity: 'high',
  principle: '1.3',
  references: { cwe: ['CWE-1427'], owaspLlm: ['LLM01:2025', 'LLM04:2025'], atlas: ['AML.T0051.001'] },
  description:
    'A dataset file (JSONL, CSV or TSV under a data folder: a retrieval corpus, fine-tuning or feedback data) holds text addressed to the model rather than to a reader: ' +
    '"ignore all previous instructions", a "system note for the assistant", chat-template control tokens such as <|im_start|>system. ' +
    'Once retrieved into a prompt or trained on, such text steers the model: this is indirect prompt injection (or poisoning), and it usually arrives through unreviewed sources such as scraped forums or user feedback. ' +
    'The guidelines ask to check and sanitise data and inputs, including feedback and continuous-learning data (1.3). Files whose path says they hold attacks on purpose (red-team, jailbreak, adversarial, injection or eval sets) are not reported. Binary formats (Parquet, Arrow) are not read.',
  fix:
    'Remove or quarantine the entry and find how it got in: review the source it came from, and screen data at ingestion (a prompt-injection classifier, or at least these phrases) before it reaches the index or the training set. ' +
    'Keep retrieved text marked as data in the prompt, and never let it grant privileges.',
};

const PATTERNS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding|original|system)\s+(?:instructions|prompts?|messages|rules|directions|guidelines)\b/i,
  /\b(?:system|admin|developer|important)\s+(?:note|message|override|instructions?|notice)\s+(?:for|to)\s+(?:the\s+)?(?:assistant|ai|model|llm|chatbot|agent|language\s+model)\b/i,
  /\b(?:note|instructions?|message)\s+(?:for|to)\s+(?:the\s+)?(?:ai|assistant|llm|language\s+model|chatbot|agent)\s*:/i,
  /\byou\s+are\s+now\s+(?:in\s+)?(?:developer\s+mode|dan\b|an?\s+unrestricted|jailbroken|no\s+longer\s+bound)/i,
  /<\|im_start\|>\s*system|<\|system\|>|<<SYS>>|\[SYSTEM\]\s*:|<\|start_header_id\|>\s*system/i,
];

/** Datasets of attacks kept on purpose (red-team prompts, jailbreak sets, eval suites). */
export const ATTACK_SET = /(?:^|[/_.-])(?:red[-_]?team\w*|jailbreaks?|adversarial|attacks?|injections?|prompt[-_]?injection\w*|evals?|eval[-_]\w+|benchmarks?)(?:[/_.-]|$)/i;

/** The 1-based column of the first instruction to the model in `line`, or undefined. */
export function instructionColumn(line: string): number | undefined {
  const text = line.length > 65_536 ? line.slice(0, 65_536) : line;
  let first: number | undefined;
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (match && (first === undefined || match.index < first)) first = match.index;
  }
  return first === undefined ? undefined : first + 1;
}
