/**
 * @module Policy: between analysis and reporting. Disabled rules, severity overrides, suppressions from
 * aigis.yaml (with reasons and expiry), inline directives and the baseline. A suppressed finding is kept,
 * with why and by what, never silently dropped.
 */
import picomatch from 'picomatch';
import type { AigisConfig, RuleSetting, Suppression } from '../config/types.js';
import type { Finding } from '../finding.js';
import type { Severity } from '../severity.js';
import type { InlineDirective } from './inline.js';
import { directiveApplies } from './inline.js';

export type SuppressionKind = 'rule-disabled' | 'config' | 'inline' | 'baseline';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: {
    readonly kind: SuppressionKind;
    readonly reason: string;
    /** The file (and line) that suppressed it. */
    readonly source: string;
    readonly expires?: string;
  };
}

export interface Notice {
  readonly level: 'error' | 'warning' | 'info';
  readonly message: string;
}

export interface PolicyInput {
  readonly findings: readonly Finding[];
  readonly config: AigisConfig;
  /** Inline directives by file path. */
  readonly directives: ReadonlyMap<string, readonly InlineDirective[]>;
  readonly baseline?: { readonly source: string; readonly fingerprints: ReadonlySet<string> };
  /** Today as YYYY-MM-DD (UTC), for suppression expiry. */
  readonly today: string;
}

export interface PolicyResult {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  readonly notices: Notice[];
}

function ruleSetting(rules: AigisConfig['rules'], ruleId: string): RuleSetting | undefined {
  return rules[ruleId] ?? rules[`${ruleId.slice(0, ruleId.indexOf('/'))}/*`];
}

function isDisabled(setting: RuleSetting | undefined): boolean {
  return setting === 'off' || (typeof setting === 'object' && setting.enabled === false);
}

function overriddenSeverity(setting: RuleSetting | undefined): Severity | undefined {
  if (setting === undefined || setting === 'off') return undefined;
  return typeof setting === 'string' ? setting : setting.severity;
}

function suppressionMatches(suppression: Suppression, finding: Finding, matchPath: (path: string) => boolean): boolean {
  const ruleMatches =
    suppression.rule === finding.ruleId ||
    (suppression.rule.endsWith('/*') && finding.ruleId.startsWith(suppression.rule.slice(0, -1)));
  return (
    ruleMatches &&
    (suppression.fingerprint === undefined || suppression.fingerprint === finding.fingerprint) &&
    matchPath(finding.location.path)
  );
}

export function applyPolicy(input: PolicyInput): PolicyResult {
  const { config, today } = input;
  const notices: Notice[] = [];
  const configSource = config.source ?? 'aigis.yaml';

  const active = config.suppressions.flatMap((suppression, index) => {
    const label = `suppressions.${index} (${suppression.rule}${suppression.path ? ` on ${suppression.path}` : ''})`;
    if (suppression.expires !== undefined && suppression.expires < today) {
      notices.push({
        level: 'warning',
        message: `${configSource}: ${label} expired on ${suppression.expires} and no longer suppresses anything; fix the findings or renew it with a reason`,
      });
      return [];
    }
    const matchPath = suppression.path ? picomatch(suppression.path, { dot: true }) : () => true;
    return [{ suppression, label, matchPath, used: false }];
  });

  const reasonless = new Set<string>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];

  for (const original of input.findings) {
    const setting = ruleSetting(config.rules, original.ruleId);
    const severity = overriddenSeverity(setting);
    const finding = severity ? { ...original, severity } : original;
    if (isDisabled(setting)) {
      suppressed.push({ finding, suppression: { kind: 'rule-disabled', reason: 'rule turned off', source: configSource } });
      continue;
    }
    const byConfig = active.find((entry) => suppressionMatches(entry.suppression, finding, entry.matchPath));
    if (byConfig) {
      byConfig.used = true;
      const { reason, expires } = byConfig.suppression;
      suppressed.push({
        finding,
        suppression: { kind: 'config', reason, source: `${configSource} ${byConfig.label}`, ...(expires ? { expires } : {}) },
      });
      continue;
    }
    const line = finding.location.member === undefined ? finding.location.startLine : undefined;
    const directive =
      line === undefined
        ? undefined
        : input.directives.get(finding.location.path)?.find((d) => directiveApplies(d, finding.ruleId, line));
    if (directive && directive.reason) {
      suppressed.push({
        finding,
        suppression: { kind: 'inline', reason: directive.reason, source: `${finding.location.path}:${directive.line}` },
      });
      continue;
    }
    if (directive) reasonless.add(`${finding.location.path}:${directive.line}`);
    if (input.baseline?.fingerprints.has(finding.fingerprint)) {
      suppressed.push({
        finding,
        suppression: { kind: 'baseline', reason: 'present in the baseline', source: input.baseline.source },
      });
      continue;
    }
    findings.push(finding);
  }

  for (const where of reasonless) {
    notices.push({ level: 'warning', message: `${where}: "aigis: ignore[...]" has no reason, so it suppresses nothing; add why after the brackets` });
  }
  for (const entry of active) {
    if (!entry.used) notices.push({ level: 'info', message: `${configSource}: ${entry.label} matched no finding; remove it if it is no longer needed` });
  }
  return { findings, suppressed, notices };
}
