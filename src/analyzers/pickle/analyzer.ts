/**
 * @module pickle: raw pickles (protocols 0-5, stacked, with junk between them), PyTorch legacy checkpoints,
 * joblib files, and the pickles that containers hand back (a torch zip's `data.pkl`, numpy object arrays).
 * One symbolic pass over the opcodes (never executing them) produces events; each rule turns events into
 * findings. Decoded nested payloads go back to the engine as members.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import { BufferSource } from '../../lib/byte-source.js';
import type { PickleRule } from './rule.js';
import { attributePlanting } from './rules/attribute-planting.js';
import { computedGlobal } from './rules/computed-global.js';
import { dangerousCallable } from './rules/dangerous-callable.js';
import { extensionCode } from './rules/extension-code.js';
import { frameViolation } from './rules/frame-violation.js';
import { legacyMagicComputed } from './rules/legacy-magic-computed.js';
import { malformedStream } from './rules/malformed-stream.js';
import { nestedLoader } from './rules/nested-loader.js';
import { trailingData } from './rules/trailing-data.js';
import { unknownCallable } from './rules/unknown-callable.js';
import { unknownClass } from './rules/unknown-class.js';
import { unresolvedCallable } from './rules/unresolved-callable.js';
import { scanPickle } from './scan.js';
import { parseSettings, policyFor, settingsSchema } from './settings.js';

export const PICKLE_RULES: readonly PickleRule[] = [
  dangerousCallable,
  nestedLoader,
  unresolvedCallable,
  computedGlobal,
  attributePlanting,
  frameViolation,
  unknownCallable,
  extensionCode,
  legacyMagicComputed,
  malformedStream,
  unknownClass,
  trailingData,
];

/** Findings of one rule per file; past this the rest are counted in a note. */
const MAX_FINDINGS_PER_RULE = 50;

export const pickleAnalyzer = defineAnalyzer({
  id: 'pickle',
  version: '1',
  description: 'A symbolic pickle machine (protocols 0-5, never executing anything) with an allowlist policy: PyTorch, joblib, NumPy and raw pickles.',
  rules: PICKLE_RULES.map((rule) => rule.meta),
  settingsSchema,
  runsInWorker: true,
  fileTypes: ['pickle'],
  async analyzeFile(file, context) {
    const policy = policyFor(file.path, parseSettings(context.settings));
    const outcome = scanPickle(file.source, { policy });
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (const event of outcome.events) {
      for (const rule of PICKLE_RULES) {
        rule.check(event, (report) => {
          const key = `${rule.meta.id}\u0000${report.evidence ?? report.message}`;
          if (seen.has(key)) return;
          seen.add(key);
          const count = (counts.get(rule.meta.id) ?? 0) + 1;
          counts.set(rule.meta.id, count);
          if (count > MAX_FINDINGS_PER_RULE) return;
          context.report(rule.meta, { message: report.message, ...(report.evidence === undefined ? {} : { evidence: report.evidence }), ...(report.offset === undefined ? {} : { position: { offset: report.offset } }) });
        });
      }
    }
    for (const [id, count] of counts) if (count > MAX_FINDINGS_PER_RULE) context.note(`${id}: ${count - MAX_FINDINGS_PER_RULE} more findings not listed`);
    for (const note of outcome.notes) context.note(note);
    if (outcome.inconclusive.length > 0) context.inconclusive(outcome.inconclusive.join('; '));
    for (const payload of outcome.nested) await context.emitMember(payload.name, new BufferSource(payload.bytes));
  },
});
