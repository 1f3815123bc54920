/**
 * A stand-in analyzer for container tests: it claims every archive member, records what the engine handed it
 * (name, sniffed type, size, first bytes), and flags pickles that reach `system` so tests can follow a payload
 * through nested containers without depending on the real pickle analyzer.
 */
import type { AnyAnalyzer } from '../../src/core/analyzer.js';
import { defineAnalyzer } from '../../src/core/analyzer.js';
import type { RuleMeta } from '../../src/core/rule.js';

export interface RecordedMember {
  readonly path: string;
  readonly member: string;
  readonly type: string;
  readonly size: number;
  /** The first 4 KiB, as latin1 text. */
  readonly head: string;
}

export const payloadSeen: RuleMeta = {
  id: 'recorder/payload-seen',
  title: 'Test payload reached an analyzer',
  severity: 'critical',
  principle: '2.1',
  references: {},
  description: 'A pickle member that names os.system reached an analyzer.',
  fix: 'Test only.',
};

export function memberRecorder(): { analyzer: AnyAnalyzer; members: RecordedMember[] } {
  const members: RecordedMember[] = [];
  const analyzer = defineAnalyzer({
    id: 'recorder',
    version: '1',
    description: 'Records archive members (tests only).',
    rules: [payloadSeen],
    claims: (file) => file.member !== undefined,
    analyzeFile(file, context) {
      const head = Buffer.from(file.source.read(0, 4096)).toString('latin1');
      members.push({ path: file.path, member: file.member!, type: file.type, size: file.size, head });
      if (file.type === 'pickle' && head.includes('system')) context.report(payloadSeen, { message: `payload in ${file.member}`, evidence: file.member! });
    },
  });
  return { analyzer, members };
}
