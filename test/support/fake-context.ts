/**
 * A FileContext that records what an analyzer does, for unit and property tests that call analyzeFile
 * directly. Emitted members are read the way a member analyzer would (start, end and a slice), so lazy
 * sources are exercised too, but never more than `readLimit` bytes of one member.
 */
import type { FileContext } from '../../src/core/analyzer.js';
import type { AssetReport } from '../../src/core/asset.js';
import type { ByteSource } from '../../src/lib/byte-source.js';
import { DEFAULT_LIMITS } from '../../src/core/config/types.js';

export interface Recorded {
  readonly context: FileContext<unknown>;
  readonly findings: { ruleId: string; message: string }[];
  readonly members: { name: string; size: number; read: number }[];
  readonly inconclusive: string[];
  readonly notes: string[];
  readonly assets: AssetReport[];
}

export function fakeContext(readLimit = 1024 * 1024): Recorded {
  const recorded: Recorded = {
    findings: [],
    members: [],
    inconclusive: [],
    notes: [],
    assets: [],
    context: {
      settings: {},
      limits: DEFAULT_LIMITS,
      report: (rule, report) => void recorded.findings.push({ ruleId: rule.id, message: report.message }),
      fact: () => undefined,
      inconclusive: (reason) => void recorded.inconclusive.push(reason),
      note: (text) => void recorded.notes.push(text),
      asset: (asset) => void recorded.assets.push(asset),
      emitMember: async (name: string, source: ByteSource) => {
        const head = source.read(0, Math.min(source.size, readLimit));
        const tail = source.read(Math.max(0, source.size - 16), 32);
        const sliced = source.slice(1, 8).read(0, 100);
        if (head.length > source.size || tail.length > 16 || sliced.length > 8) throw new Error(`member ${name} returned more bytes than its size`);
        recorded.members.push({ name, size: source.size, read: head.length });
      },
    },
  };
  return recorded;
}
