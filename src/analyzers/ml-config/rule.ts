/** @module The shape of an ml-config rule: metadata plus a check over one configuration file. */
import type { Position } from '../../core/analyzer.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ConfigNode } from './tree.js';

export interface ConfigFile {
  readonly path: string;
  /** The file's base name, lower-cased. */
  readonly name: string;
  readonly format: 'json' | 'yaml' | 'python';
  readonly text: string;
  /** The parsed documents (JSON and YAML only). */
  readonly roots: readonly ConfigNode[];
}

export type ConfigReport = (report: { message: string; evidence?: string; position?: Position }) => void;

export interface ConfigRule {
  readonly meta: RuleMeta;
  check(file: ConfigFile, report: ConfigReport): void;
}
