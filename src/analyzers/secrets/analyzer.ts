/**
 * @module secrets: keys, tokens and passwords written into source, configuration, notebooks (outputs included,
 * since the raw .ipynb text is scanned) and .env files. Provider keys are told by shape, generic credentials by
 * a secret-named key with a random-looking literal. Every secret is masked before it reaches a report.
 */
import type { FileCandidate, FileContext, Position } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import type { FileType } from '../../core/file-type.js';
import type { RuleMeta } from '../../core/rule.js';
import { readText } from '../../lib/byte-source.js';
import { MAX_ASSIGNMENTS_PER_LINE, secretAssignments } from './assignments.js';
import { AI_PROVIDER_PATTERNS, meta as aiProviderApiKey } from './rules/ai-provider-api-key.js';
import { CLOUD_PATTERNS, meta as cloudOrPlatformToken, privateKeysOn } from './rules/cloud-or-platform-token.js';
import { envFileRole, envSecret, meta as committedEnvFile } from './rules/committed-env-file.js';
import { credentialIn, meta as hardcodedCredentialAssignment } from './rules/hardcoded-credential-assignment.js';
import type { MaskSpan } from './text.js';
import { maskedEvidence } from './text.js';
import type { TokenPattern } from './tokens.js';
import { findTokens } from './tokens.js';

export const SECRETS_RULES: readonly RuleMeta[] = [aiProviderApiKey, cloudOrPlatformToken, committedEnvFile, hardcodedCredentialAssignment];

const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

const CLAIMED_TYPES: readonly FileType[] = ['python', 'javascript', 'typescript', 'notebook', 'json', 'yaml', 'toml', 'text', 'markdown', 'dockerfile'];
const CODE_TYPES = new Set<FileType>(['python', 'javascript', 'typescript']);
const NOT_READABLE = new Set<FileType>(['directory', 'symlink', 'special', 'unknown', 'empty']);
const CLAIMED_NAMES = new Set(['.npmrc', '.pypirc', 'credentials', '.netrc', '.git-credentials']);
const CLAIMED_EXTENSIONS = /\.(?:ini|cfg|conf|properties|env)$/i;
/** Lockfiles hold hashes under ordinary names: only provider-shaped secrets are looked for in them. */
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'pipfile.lock', 'cargo.lock', 'uv.lock', 'composer.lock', 'gemfile.lock', 'bun.lock', 'pdm.lock', 'go.sum']);
/** A notebook output holding an image or a PDF: base64 that is not worth reading. */
const BINARY_OUTPUT = /^\s*"(?:image\/[a-z0-9.+-]+|application\/pdf)":\s*"/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Files claimed by name whatever their sniffed type (a `.env` with odd bytes, a `credentials` file). */
export function claimsByName(file: FileCandidate): boolean {
  if (NOT_READABLE.has(file.type)) return false;
  const base = baseName(file.member ?? file.path);
  return envFileRole(base) !== undefined || CLAIMED_NAMES.has(base.toLowerCase()) || CLAIMED_EXTENSIONS.test(base);
}

interface Candidate {
  readonly rule: RuleMeta;
  /** Set for AWS keys, which are paired up across lines in the message. */
  readonly aws?: 'id' | 'secret';
  readonly start: number;
  readonly end: number;
  readonly visible: number;
  readonly secret: string;
  readonly message: string;
}

function providerMessage(pattern: TokenPattern, critical: boolean): string {
  const what = `${pattern.provider} ${pattern.kind}`;
  return critical
    ? `${what} is written into the file: anyone who reads it can call ${pattern.provider} as your account (spend, data, models). Revoke it and load it from the environment or a secret manager.`
    : `${what} is written into the file: anyone who reads it gets that access to ${pattern.provider}. Revoke it and load it from the environment or a secret manager.`;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Real files have a handful of secrets on a line; a line with hundreds is generated, and reporting stops. */
const MAX_SEEN_PER_LINE = 100;

/** How far apart an AWS access key id and its secret may be to be called a pair (a credentials file section). */
const AWS_PAIR_LINES = 5;

const PEM_CONTINUATION = /^(?:[A-Za-z0-9+/=]*|[A-Za-z-]+: .*)$/;

export const secretsAnalyzer = defineAnalyzer({
  id: 'secrets',
  version: '1',
  description: 'Finds AI provider API keys, cloud and platform tokens, private keys and hard-coded credentials in source, configuration, notebooks (outputs included) and .env files; every secret is masked in reports.',
  rules: SECRETS_RULES,
  runsInWorker: true,
  fileTypes: CLAIMED_TYPES,
  claims: (file) => claimsByName(file),
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxFileBytes: { type: 'integer', minimum: 1024, description: 'Files larger than this are read only up to this many bytes, and marked inconclusive.' },
    },
  },
  analyzeFile(file, context) {
    const maxBytes = typeof context.settings.maxFileBytes === 'number' ? context.settings.maxFileBytes : DEFAULT_MAX_FILE_BYTES;
    const { text, truncated } = readText(file.source, maxBytes);
    if (truncated) context.inconclusive(`the file is larger than ${maxBytes} bytes; only the first ${maxBytes} were searched for secrets`);
    scanText(text, file, context);
  },
});

function scanText(text: string, file: FileCandidate, context: FileContext<unknown>): void {
  const base = baseName(file.member ?? file.path);
  const code = CODE_TYPES.has(file.type);
  const assignmentsWanted = !LOCKFILES.has(base.toLowerCase());
  const envRole = envFileRole(base);
  const envSecrets: { name: string; line: number; column: number }[] = [];
  const lines = text.split('\n');
  let inPem = false;
  const reports: { candidate: Candidate; report: { message: string; evidence: string; position: Required<Pick<Position, 'startLine'>> & Position } }[] = [];
  const awsSecretLines: number[] = [];

  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (inPem) {
      if (PEM_CONTINUATION.test(line.trim())) continue;
      inPem = false;
    }
    if (line.length < 8 || BINARY_OUTPUT.test(line.slice(0, 200))) continue;
    const lower = line.toLowerCase();
    let crowded = false;
    const candidates: Candidate[] = [];
    // Every secret seen on the line, reported or deduplicated: a later, weaker rule must not report it again.
    const seen: Candidate[] = [];
    const add = (candidate: Candidate) => {
      if (seen.length >= MAX_SEEN_PER_LINE) {
        crowded = true;
        return;
      }
      const repeated = seen.some((other) => overlaps(other, candidate) || other.secret === candidate.secret);
      seen.push(candidate);
      if (!repeated) candidates.push(candidate);
    };

    for (const key of privateKeysOn(lines, index)) {
      const secret = line.slice(key.start, key.end);
      const serviceAccount = lower.includes('"private_key"');
      add({
        rule: cloudOrPlatformToken,
        start: key.start,
        end: key.end,
        visible: key.header.length,
        secret,
        message: `${serviceAccount ? 'A Google Cloud service-account key file (its "private_key")' : `A private key (${key.header.replace(/-/g, '')})`} is written into the file: whoever reads it can sign and authenticate as its owner. Revoke the key and keep it in a secret manager or a file outside the repository.`,
      });
      if (key.multiline) inPem = true;
    }
    for (const match of findTokens(line, lower, AI_PROVIDER_PATTERNS)) {
      add({ rule: aiProviderApiKey, start: match.start, end: match.end, visible: match.visible, secret: match.secret, message: providerMessage(match.pattern, true) });
    }
    for (const match of findTokens(line, lower, CLOUD_PATTERNS)) {
      const aws = match.pattern.provider !== 'AWS' ? undefined : match.pattern.kind === 'access key id' ? 'id' : 'secret';
      add({ rule: cloudOrPlatformToken, start: match.start, end: match.end, visible: match.visible, secret: match.secret, message: providerMessage(match.pattern, false), ...(aws ? { aws } : {}) });
    }

    const { assignments, complete } = secretAssignments(line, code);
    if (!complete) context.note(`line ${index + 1} holds more than ${MAX_ASSIGNMENTS_PER_LINE} key-value pairs; generic credentials were looked for only in the first`);
    const masks: MaskSpan[] = [];
    for (const assignment of assignments) {
      // Every secret-named value is masked in evidence, reported or not.
      if (assignment.value.length >= 8) masks.push({ start: assignment.valueStart, end: assignment.valueEnd, visible: 4 });
      if (!assignmentsWanted) continue;
      const credential = credentialIn(assignment.value);
      if (!credential) continue;
      const start = assignment.valueStart + credential.offset;
      const span = { start, end: start + credential.secret.length };
      if (seen.length >= MAX_SEEN_PER_LINE) {
        crowded = true;
        break;
      }
      if (seen.some((other) => overlaps(other, span) || other.secret === credential.secret)) continue;
      add({
        rule: hardcodedCredentialAssignment,
        ...span,
        visible: 4,
        secret: credential.secret,
        message: assignment.fallback
          ? `"${assignment.name}" falls back to a literal credential (${credential.secret.length} random-looking characters) when the environment variable is unset: the value is exposed to everyone who can read the file. Drop the default (fail when the variable is missing) and rotate it.`
          : `"${assignment.name}" is assigned a literal credential (${credential.secret.length} random-looking characters): it is exposed to everyone who can read the file. Load it from the environment or a secret manager, and rotate it.`,
      });
    }

    if (envRole === 'env') {
      const secret = envSecret(line);
      if (secret) envSecrets.push({ name: secret.name, line: index + 1, column: secret.column });
    }
    if (crowded) context.note(`line ${index + 1} holds more than ${MAX_SEEN_PER_LINE} secret-like values; only the first were reported`);
    if (candidates.length === 0) continue;
    // Reported secrets first, then repeats of them and other secret-named values: all are masked.
    const spans: MaskSpan[] = [...candidates, ...seen, ...masks];
    for (const candidate of candidates) {
      if (candidate.aws === 'secret') awsSecretLines.push(index + 1);
      reports.push({
        candidate,
        report: {
          message: candidate.message,
          evidence: maskedEvidence(line, spans, candidate),
          position: { startLine: index + 1, startColumn: candidate.start + 1, endLine: index + 1, endColumn: candidate.end + 1 },
        },
      });
    }
  }

  for (const { candidate, report } of reports) {
    const line = report.position.startLine;
    // An access key id is harmless alone; with its secret a few lines away, the pair is a working credential.
    const pair = candidate.aws === 'id' ? awsSecretLines.find((other) => Math.abs(other - line) <= AWS_PAIR_LINES) : undefined;
    const message = pair === undefined ? report.message : report.message.replace('is written into the file', `is written into the file together with its secret access key (line ${pair})`);
    context.report(candidate.rule, { ...report, message });
  }

  const first = envSecrets[0];
  if (first) {
    const names = [...new Set(envSecrets.map((secret) => secret.name))];
    const listed = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    context.report(committedEnvFile, {
      message: `${base} sets ${names.length === 1 ? 'a secret variable' : `${names.length} secret variables`} (${listed}) to real values and is part of the scanned tree: environment files must not be committed or shipped. Remove it from version control, ignore it, and rotate the values.`,
      evidence: `${first.name}=…`,
      position: { startLine: first.line, startColumn: first.column },
    });
  }
}
