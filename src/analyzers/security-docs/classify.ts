/**
 * @module Which security document, if any, a path is. Names follow common practice: the three places GitHub
 * looks for SECURITY.md, RFC 9116's security.txt, and usual names for threat models and incident runbooks.
 * `analyzers.security-docs` in aigis.yaml adds globs for documents kept elsewhere.
 */
import picomatch from 'picomatch';
import type { FileType } from '../../core/file-type.js';
import type { DocumentKind } from './document.js';

export interface DocsSettings {
  readonly securityPolicy: readonly string[];
  readonly threatModel: readonly string[];
  readonly incidentResponse: readonly string[];
}

const PROSE_TYPES: ReadonlySet<FileType> = new Set(['markdown', 'text']);

const SECURITY_POLICY = /(?:^|\/)security\.(?:md|markdown|txt|rst|adoc)$/i;
const SECURITY_POLICY_AT = /^(?:\.github\/|docs\/)?[^/]+$/;
const SECURITY_TXT = /(?:^|\/)(?:\.well-known\/)?security\.txt$/i;
const THREAT_MODEL_NAME = /threat[-_ ]?model|(?:^|\/)threat[-_ ]?models?\//i;
const PYTM_NAME = /(?:^|\/)(?:tm|threat[-_]?model[^/]*)\.py$|threat[-_]?models?\/[^/]+\.py$/i;
const INCIDENT_NAME = /incident|(?:^|\/)(?:runbooks?|playbooks?)\//i;

function relativeTo(root: string, path: string): string {
  return root === '' ? path : path.slice(root.length + 1);
}

const compiled = new Map<string, (path: string) => boolean>();

function matchesAny(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => {
    let match = compiled.get(glob);
    if (!match) compiled.set(glob, (match = picomatch(glob, { dot: true })));
    return match(path);
  });
}

export interface Classification {
  readonly kind: DocumentKind;
  /** Matched a glob from aigis.yaml: it counts wherever it lives. */
  readonly configured: boolean;
}

/** @param path relative to the scan root */
export function classifyDocument(path: string, type: FileType, settings: DocsSettings): Classification | undefined {
  if (matchesAny(settings.securityPolicy, path)) return { kind: 'security-policy', configured: true };
  if (matchesAny(settings.threatModel, path)) return { kind: 'threat-model', configured: true };
  if (matchesAny(settings.incidentResponse, path)) return { kind: 'incident-response', configured: true };
  const kind = classifyByName(path, type);
  return kind && { kind, configured: false };
}

function classifyByName(path: string, type: FileType): DocumentKind | undefined {
  if (/\.txt$/i.test(path) && SECURITY_TXT.test(path) && (path.includes('.well-known/') || !path.includes('/'))) return 'security-txt';
  if (PROSE_TYPES.has(type) && SECURITY_POLICY.test(path)) return 'security-policy';
  if (THREAT_MODEL_NAME.test(path) && (PROSE_TYPES.has(type) || type === 'json')) return 'threat-model';
  if (type === 'python' && PYTM_NAME.test(path)) return 'threat-model';
  if (PROSE_TYPES.has(type) && INCIDENT_NAME.test(path)) return 'incident-response';
  return undefined;
}

/** A security policy counts for a project only where GitHub would show it: the root, .github/ or docs/. */
export function isProjectSecurityPolicy(root: string, path: string): boolean {
  return SECURITY_POLICY_AT.test(relativeTo(root, path));
}
