/**
 * @module Which security document, if any, a path is. Names follow common practice: the three places GitHub
 * looks for SECURITY.md, RFC 9116's security.txt, and usual names for threat models and incident runbooks; for
 * conformance evidence only, CONTRIBUTING.md and docs/security/ (guidance), acceptable-use and responsible-AI
 * documents (user guidance), decision records (docs/adr/) and lifecycle documents (docs/model-lifecycle.md).
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

// The kinds below feed conformance evidence only; no rule judges them. Their patterns hold for a path relative
// to the project folder; the file pass, which does not know the project folders, tries every folder suffix.
const PROSE_EXTENSION = '\\.(?:md|markdown|rst|txt|adoc)$';
const USER_GUIDANCE_BASE = '(?:acceptable[-_ ]?use|usage[-_ ]?polic(?:y|ies)|responsible[-_ ]?(?:ai|use)|ai[-_ ]?(?:use|usage)[-_ ]?policy)';
const USER_GUIDANCE_AT: readonly RegExp[] = [
  new RegExp(`^(?:\\.github\\/)?${USER_GUIDANCE_BASE}(?:[-_. ][^/]*)?${PROSE_EXTENSION}`, 'i'),
  new RegExp(`^docs\\/(?:.+\\/)?(?:${USER_GUIDANCE_BASE}|limitations|data[-_ ]?use|privacy)[^/]*${PROSE_EXTENSION}`, 'i'),
];
const GUIDANCE_AT: readonly RegExp[] = [new RegExp(`^(?:\\.github\\/|docs\\/)?contributing${PROSE_EXTENSION}`, 'i'), /^docs\/security\/.+\.(?:md|markdown)$/i];
const DECISION_AT: readonly RegExp[] = [/^(?:docs\/(?:adr|decisions)|doc\/adr|adr)\/(?:.+\/)?[^/]+\.(?:md|markdown)$/i];
const LIFECYCLE_AT: readonly RegExp[] = [/^docs\/(?:.+\/)?[^/]*(?:lifecycle|decommission|retire)[^/]*\.(?:md|markdown)$/i];

const PLACES: Readonly<Record<'user-guidance' | 'guidance' | 'decision-record' | 'lifecycle', readonly RegExp[]>> = {
  'user-guidance': USER_GUIDANCE_AT,
  guidance: GUIDANCE_AT,
  'decision-record': DECISION_AT,
  lifecycle: LIFECYCLE_AT,
};

/** Whether `path` (relative to the project folder) is where a document of the kind is kept. */
function isAt(kind: keyof typeof PLACES, path: string): boolean {
  return PLACES[kind].some((pattern) => pattern.test(path));
}

/** Whether the path, or the part of it below some folder, is where a document of the kind is kept. */
function isAtAnyDepth(kind: keyof typeof PLACES, path: string): boolean {
  if (isAt(kind, path)) return true;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    if (isAt(kind, path.slice(slash + 1))) return true;
  }
  return false;
}

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
  return evidenceKindOf(path, type);
}

/**
 * The kinds read for conformance evidence only, which no rule judges. Also the fallback for a runbook that is
 * not about incidents: it may still be a lifecycle document (docs/runbooks/model-retirement.md).
 */
export function evidenceKindOf(path: string, type: FileType): DocumentKind | undefined {
  if (!PROSE_TYPES.has(type)) return undefined;
  if (type === 'markdown' && isAtAnyDepth('decision-record', path)) return 'decision-record';
  if (isAtAnyDepth('user-guidance', path)) return 'user-guidance';
  if (isAtAnyDepth('guidance', path)) return 'guidance';
  if (isAtAnyDepth('lifecycle', path)) return 'lifecycle';
  return undefined;
}

/** Whether a document of an evidence-only kind lies where it counts for the project in `root`. */
export function isProjectDocument(root: string, path: string, kind: keyof typeof PLACES): boolean {
  if (root !== '' && !path.startsWith(`${root}/`)) return false;
  return isAt(kind, relativeTo(root, path));
}

/** Whether the document lies under docs/security/ of the project in `root`. */
export function isUnderSecurityDocs(root: string, path: string): boolean {
  return /^docs\/security\//i.test(relativeTo(root, path));
}

/** A security policy counts for a project only where GitHub would show it: the root, .github/ or docs/. */
export function isProjectSecurityPolicy(root: string, path: string): boolean {
  return SECURITY_POLICY_AT.test(relativeTo(root, path));
}
