import type { RuleMeta } from '../../../core/rule.js';
import { maskSecret } from '../../../lib/secret-mask.js';

export const meta: RuleMeta = {
  id: 'ai-files/secret-in-prompt',
  title: 'Access code, password or internal address in a prompt file',
  severity: 'high',
  principle: '2.3',
  references: { cwe: ['CWE-200', 'CWE-798'], owaspLlm: ['LLM07:2025'], atlas: ['AML.T0056'] },
  description:
    'A prompt file holds an access code, password or passphrase, or the address of an internal service (a host under .internal, .local, .corp or .lan, a host with an "internal" or "intranet" label, localhost, a private IP). ' +
    'Whatever a system prompt holds can be made to come out: users extract system prompts with ordinary questions, and "do not reveal" instructions do not stop them. ' +
    'A code that grants privileges when typed into the chat is also an authorisation check done by the model, which prompt injection gets around. The guidelines ask that prompts are documented and hold no secrets (2.3).',
  fix:
    'Take the secret out of the prompt: check privileges in code, against the authenticated user, never by a code typed into the chat; keep internal addresses in configuration the model never sees. ' +
    'Rotate any code or password that was in the prompt: treat it as disclosed.',
};

/** `<qualifier> code|password|pin|...` followed by `:`, `=` or `is` and a value. */
const CREDENTIAL =
  /\b((?:(?:override|access|admin|administrator|staff|supervisor|master|backdoor|bypass|secret|security|root|unlock|maintenance)[ \t_-]+){1,2}(?:code|password|passcode|passphrase|pin|key|token))\b[ \t]*(?::|=|\bis\b)[ \t]*["'`]?([A-Za-z0-9][A-Za-z0-9_\-.!@#$%^&*+/]{3,63})/i;
const PASSWORD = /\b(password|passwd|passphrase)\b[ \t]*(?::|=|\bis\b)[ \t]*["'`]?([^\s"'`]{4,64})/i;
/** Template slots and obvious placeholders are not values. */
const PLACEHOLDER = /^(?:\{|<|\$|%|\[)|^(?:x{3,}|\*{3,}|redacted|changeme|placeholder|none|null|n\/a|tbd|todo|example|your[-_]?\w*)$/i;

const URL = /\bhttps?:\/\/([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#][^\s"'<>)\]]*)?/g;
const INTERNAL_SUFFIX = /\.(?:internal|local|localdomain|corp|lan|intranet|home\.arpa)$/i;
const INTERNAL_LABEL = /(?:^|\.)(?:internal|intranet|corp|private)(?:\.|$)/i;
const PRIVATE_IP = /^(?:10\.\d+\.\d+\.\d+|127\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+)$/;

export interface PromptSecret {
  readonly what: 'credential' | 'internal address';
  /** 1-based column of the match. */
  readonly column: number;
  /** Safe to show: the credential's label with its value masked, or the internal host. */
  readonly evidence: string;
}

const mask = (value: string) => maskSecret(value);

export function isInternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || INTERNAL_SUFFIX.test(h) || INTERNAL_LABEL.test(h) || PRIVATE_IP.test(h);
}

/** What a line of a prompt holds that it should not, at most one credential and one address per line. */
export function promptSecrets(line: string): PromptSecret[] {
  const found: PromptSecret[] = [];
  const text = line.length > 4096 ? line.slice(0, 4096) : line;
  const credential = CREDENTIAL.exec(text) ?? PASSWORD.exec(text);
  // A sentence may end right after the value; a value with no digit is a word ("is incorrect", "see the vault").
  const value = credential?.[2]!.replace(/[.,;:!]+$/, '');
  if (credential && value && !PLACEHOLDER.test(value) && /\d/.test(value)) {
    found.push({ what: 'credential', column: credential.index + 1, evidence: `${credential[1]}: ${mask(value)}` });
  }
  for (const match of text.matchAll(URL)) {
    if (isInternalHost(match[1]!)) {
      found.push({ what: 'internal address', column: match.index + 1, evidence: match[0].slice(0, 200) });
      break;
    }
  }
  return found;
}
