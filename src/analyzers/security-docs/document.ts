/** @module The facts the file pass keeps about each security document, for the rules to judge. */

export type DocumentKind = 'security-policy' | 'security-txt' | 'threat-model' | 'incident-response';

export interface SecurityTxtFacts {
  readonly contacts: readonly string[];
  /** The Expires value as written, and its line. */
  readonly expires?: { readonly value: string; readonly line: number };
  readonly expiresCount: number;
  /** Problems with the file's syntax, each with a line. */
  readonly problems: readonly { readonly message: string; readonly line: number }[];
}

export interface SecurityDocument {
  readonly kind: DocumentKind;
  readonly path: string;
  /** `threat-dragon` and `pytm` are structured threat models; the rest are prose. */
  readonly format: 'prose' | 'threat-dragon' | 'pytm' | 'security-txt';
  /** Found through a glob in aigis.yaml rather than by its name. */
  readonly configured: boolean;
  /** Only the first part was read; topic checks cover that part. */
  readonly truncated: boolean;
  /** AI-specific topics the document covers, e.g. `prompt injection`. */
  readonly aiTopics: readonly string[];
  /** MITRE ATLAS and OWASP LLM ids it cites. */
  readonly threatIds: readonly string[];
  /** Ways to report a vulnerability: addresses, links, or GitHub private reporting. */
  readonly contacts: readonly string[];
  readonly securityTxt?: SecurityTxtFacts;
}

/** What each rule sees: one project folder and its documents. */
export interface DocsProject {
  /** The project folder relative to the scan root ('' for the root). */
  readonly root: string;
  readonly documents: readonly SecurityDocument[];
}

export function projectPath(root: string, name: string): string {
  return root === '' ? name : `${root}/${name}`;
}
