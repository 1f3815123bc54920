/** @module The facts the file pass keeps about each security document, for the rules to judge. */

export type DocumentKind =
  | 'security-policy'
  | 'security-txt'
  | 'threat-model'
  | 'incident-response'
  /** CONTRIBUTING.md and docs/security/: guidance for the team, read for conformance evidence only. */
  | 'guidance'
  /** Acceptable use, usage policy, responsible AI, limitations, data use: guidance for users. */
  | 'user-guidance'
  /** An architecture decision record (docs/adr/ and the like). */
  | 'decision-record'
  /** A document about the lifecycle of models and data: retirement, decommissioning. */
  | 'lifecycle';

/** Where a phrase was found: its line and the words, for evidence summaries. */
export interface Mention {
  readonly line: number;
  /** The matched words, one printable line, at most 80 characters. */
  readonly text: string;
}

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
  /**
   * Threat models and incident plans only: the text read, lower-cased, line breaks kept, at most
   * MAX_KEPT_TEXT characters, so the project pass can look for the names of the AI assets.
   */
  readonly text?: string;
  /** `text` holds less than the whole document. */
  readonly textTruncated?: boolean;
  /** Where the document describes rolling a model, weights or a prompt back. */
  readonly rollback?: Mention;
  /** Where the document plans retiring or decommissioning a model or data. */
  readonly decommissioning?: Mention;
  /** User guidance: the topics it covers (acceptable use, limitations, user responsibilities, data use). */
  readonly userTopics?: readonly string[];
  /** Decision records: the first heading. */
  readonly title?: string;
  /** Decision records: whether it is about choosing an AI model. */
  readonly modelChoice?: boolean;
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
