/**
 * @module Reads a security document's text for what the rules and the conformance evidence judge: AI-specific
 * topics, cited threat ids, reporting contacts, what user guidance covers, rollback and decommissioning plans,
 * and whether a decision record is about choosing a model. Documents are prose, so this looks for phrases
 * (every pattern bounded, so a hostile document costs linear time); it never renders or executes anything.
 */
import type { Mention } from './document.js';

/** AI-specific topics, each a phrase family. The name is what reports show. */
const AI_TOPICS: readonly (readonly [string, RegExp])[] = [
  ['prompt injection', /\bprompt[- ]?injections?\b/i],
  ['jailbreaks', /\bjail[- ]?break(?:s|ing)?\b/i],
  ['data or model poisoning', /\b(?:data|dataset|model|training[- ]data|rag)[- ]poisoning\b|\bpoison(?:ed|ing)?\s+(?:the\s+)?(?:data|dataset|model|training|weights)\b/i],
  ['model theft or extraction', /\bmodel\s+(?:theft|extraction|stealing|exfiltration|inversion)\b|\b(?:leaked|stolen|exfiltrated)\s+(?:model\s+)?weights\b/i],
  ['adversarial inputs', /\badversarial\s+(?:inputs?|examples?|attacks?|prompts?|machine learning)\b/i],
  ['training data leakage', /\b(?:training[- ]data|membership)\s+(?:leak(?:age|s)?|extraction|inference|exposure)\b/i],
  ['system prompt leakage', /\bsystem[- ]prompt\s+(?:leak(?:age|s)?|extraction|disclosure|exposure)\b/i],
  ['unsafe model output handling', /\b(?:insecure|improper|unsafe)\s+(?:llm\s+|model\s+)?output\s+handling\b|\b(?:llm|model)\s+output\s+(?:is\s+)?(?:untrusted|sanitis|sanitiz)/i],
  ['excessive agency of AI agents', /\bexcessive\s+agency\b|\b(?:agent|tool)[- ]call(?:s|ing)?\s+abuse\b/i],
  ['model abuse or misuse', /\b(?:model|ai|llm)\s+(?:abuse|misuse)\b/i],
  ['malicious model files', /\b(?:malicious|untrusted)\s+(?:model|pickle|weights?)\s*(?:files?|artifacts?|artefacts?)?\b/i],
  ['model rollback', /\broll(?:ing)?[- ]?back\s+(?:to\s+)?(?:the\s+|a\s+)?(?:previous\s+|known[- ]good\s+|last\s+)?(?:model|weights|prompt)s?\b|\bmodel\s+roll[- ]?back\b/i],
  ['disabling AI features', /\b(?:kill[- ]switch|disable\s+(?:the\s+)?(?:ai|llm|model|assistant|agent)s?\b|feature[- ]flag)/i],
];

const THREAT_ID = /\bAML\.T[0-9]{4}(?:\.[0-9]{3})?\b|\bLLM(?:0[1-9]|10):20[0-9]{2}\b/g;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const URL = /\bhttps?:\/\/[^\s)>\]"']+/g;
const PRIVATE_REPORTING = /\b(?:private vulnerability reporting|report a vulnerability|security advisor(?:y|ies))\b|\/security\/advisories\/new\b/i;

export function aiTopics(text: string): string[] {
  return AI_TOPICS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

export function threatIds(text: string): string[] {
  return [...new Set(text.match(THREAT_ID) ?? [])].sort();
}

/** Addresses, links and the GitHub private-reporting route; example.com placeholders do not count. */
export function contacts(text: string): string[] {
  const found = [...(text.match(EMAIL) ?? []), ...(text.match(URL) ?? [])].filter(
    (contact) => !/\bexample\.(?:com|org|net)\b|\byour[-_.]?(?:domain|company|org)\b/i.test(contact),
  );
  if (PRIVATE_REPORTING.test(text)) found.push('GitHub private vulnerability reporting');
  return [...new Set(found)].slice(0, 10);
}

/** What user-facing guidance should tell users (guideline 3.5), each a phrase family. */
const USER_TOPICS: readonly (readonly [string, RegExp])[] = [
  [
    'acceptable use',
    /\b(?:acceptable|permitted|prohibited|forbidden|disallowed|allowed|intended|out[- ]of[- ]scope)\s+(?:uses?|usage|use\s+cases?)\b|\b(?:usage|use)\s+polic(?:y|ies)\b|\byou\s+(?:must|may|should)\s+not\s+use\b/i,
  ],
  [
    'limitations',
    /\b(?:known\s+)?limitations\b(?!\s+of\s+liability)|\bfailure\s+modes?\b|\bhallucinat(?:e|es|ed|ion|ions|ing)\b|\bmay\s+(?:produce|generate|give|return)\s+(?:\w+\s+)?(?:inaccurate|incorrect|wrong|false|biased|misleading)\b/i,
  ],
  [
    'user responsibilities',
    /\bshared[- ]responsibilit(?:y|ies)\b|\b(?:your|users?'?|customers?'?)\s+responsibilit(?:y|ies)\b|\byou\s+are\s+responsible\s+for\b|\byou\s+(?:must|should)\s+(?:review|verify|check)\b/i,
  ],
  [
    'data use',
    /\bre-?train(?:ing|ed)?\b|\b(?:used|use\s+it|use\s+them)\s+(?:to|for)\s+(?:train|training|improve|fine-tun)|\bhuman\s+review(?:ers?)?\b|\breviewed\s+by\s+(?:humans|people|our\s+staff)\b|\b(?:data\s+)?retention\b|\bretain(?:ed|s)?\s+(?:for|your|user|prompts?|inputs?|data|conversations?)\b/i,
  ],
];

export function userGuidanceTopics(text: string): string[] {
  return USER_TOPICS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

/** Rolling a model, its weights or a prompt back: the verb before or after the thing, within one sentence. */
const ROLLBACK: readonly RegExp[] = [
  /\b(?:roll(?:ing|ed|s)?[- ]?back|revert(?:ing|ed|s)?|downgrad(?:e|es|ed|ing)|restor(?:e|es|ed|ing))\b[^.\n]{0,40}?\b(?:models?|weights|prompts?|checkpoints?|adapters?)\b/i,
  /\b(?:models?|weights|prompts?|checkpoints?|adapters?)\b[^.\n]{0,25}?\b(?:roll[- ]?backs?|rolled\s+back|reverts?|reverted|downgrades?|downgraded|restored)\b/i,
];

/** Retiring models or data: decommissioning, retirement, end of life, sunsetting, deletion at end of use. */
const DECOMMISSIONING: readonly RegExp[] = [
  /\b(?:decommission(?:s|ed|ing)?|retir(?:e|es|ed|ing|ement)|end[- ]of[- ](?:life|support)|sunset(?:s|ted|ting)?)\b[^.\n]{0,60}?\b(?:models?|datasets?|data|weights|checkpoints?|embeddings?)\b/i,
  /\b(?:models?|datasets?|data|weights|checkpoints?|embeddings?)\b[^.\n]{0,40}?\b(?:decommission(?:s|ed|ing)?|retire(?:s|d)?|retirement|end[- ]of[- ](?:life|support)|sunset(?:s|ted|ting)?)\b/i,
];

/** Where a pattern first matches: its line and words. */
function firstMention(text: string, patterns: readonly RegExp[]): Mention | undefined {
  let best: RegExpExecArray | undefined;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && (!best || match.index < best.index)) best = match;
  }
  if (!best) return undefined;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < best.index; at = text.indexOf('\n', at + 1)) line++;
  return { line, text: printable(best[0], 80) };
}

export function rollbackMention(text: string): Mention | undefined {
  return firstMention(text, ROLLBACK);
}

export function decommissioningMention(text: string): Mention | undefined {
  return firstMention(text, DECOMMISSIONING);
}

/** An AI model, as a decision record would name one: "LLM", "embedding model", or a model family. */
const AI_MODEL =
  /\b(?:llms?|(?:large\s+)?language\s+models?|foundation\s+models?|embedding\s+models?|(?:ai|ml|base|chat|vision|speech)\s+models?|models?\s+(?:provider|selection|choice)|(?:gpt|claude|llama|mistral|mixtral|gemini|gemma|qwen|deepseek|falcon|bert|roberta|whisper|command-r)(?:[- ]?[0-9][\w.-]*)?)\b/i;
const DECISION = /\b(?:chose|choose|chosen|choosing|select(?:ed|ing|ion)?|decision|decided|decide|alternatives?|options?\s+considered|considered\s+options|trade-?offs?)\b/i;

/** Whether a decision record is about choosing an AI model. */
export function isAboutModelChoice(text: string): boolean {
  return AI_MODEL.test(text) && DECISION.test(text);
}

/** The first Markdown heading (ATX `# ...`), or undefined. */
export function firstHeading(text: string): string | undefined {
  const match = /^[ \t]{0,3}#{1,6}[ \t]+([^\n]{1,400})/m.exec(text);
  const heading = match?.[1]?.replace(/[ \t]+#+[ \t]*$/, '');
  return heading ? printable(heading, 100) : undefined;
}

/** One printable line of at most `max` characters. */
export function printable(text: string, max: number): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** How much of a threat model or incident plan the project pass gets, to look for asset names in. */
export const MAX_KEPT_TEXT = 256 * 1024;

/** The text kept for name matching: lower-cased, CRLF as LF, at most MAX_KEPT_TEXT characters. */
export function keptText(text: string): { text: string; truncated: boolean } {
  const truncated = text.length > MAX_KEPT_TEXT;
  return { text: (truncated ? text.slice(0, MAX_KEPT_TEXT) : text).toLowerCase().replace(/\r\n?/g, '\n'), truncated };
}
