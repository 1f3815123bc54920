/**
 * @module Reads a security document's text for what the rules judge: AI-specific topics, cited threat ids and
 * reporting contacts. Documents are prose, so this looks for phrases; it never renders or executes anything.
 */

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
