/**
 * Runs one analyzer's analyzeFile directly on bytes (or any ByteSource), without the engine, and records what
 * it reports: for unit and property tests of parsers. Findings are built as the engine builds them.
 * `storedZipMember` pulls one uncompressed member out of a zip fixture, for analyzers that read members.
 */
import type { AnyAnalyzer, FileCandidate } from '../../src/core/analyzer.js';
import type { Asset } from '../../src/core/asset.js';
import { DEFAULT_LIMITS } from '../../src/core/config/types.js';
import type { UnfingerprintedFinding } from '../../src/core/finding.js';
import { createFinding } from '../../src/core/finding.js';
import type { ByteSource } from '../../src/lib/byte-source.js';
import { BufferSource } from '../../src/lib/byte-source.js';

export interface AnalyzerRun {
  readonly findings: UnfingerprintedFinding[];
  readonly inconclusive: string[];
  readonly notes: string[];
  /** Assets recorded, with the file's path and member filled in as the engine does. */
  readonly assets: Asset[];
  /** Members handed back to the engine, with their bytes (up to 64 MiB each). */
  readonly members: { name: string; bytes: Uint8Array }[];
}

const MAX_MEMBER_BYTES = 64 * 1024 * 1024;

export async function runAnalyzer(
  analyzer: AnyAnalyzer,
  file: Omit<FileCandidate, 'size'> & { size?: number },
  content: Uint8Array | ByteSource,
): Promise<AnalyzerRun> {
  const source = content instanceof Uint8Array ? new BufferSource(content) : content;
  const run: AnalyzerRun = { findings: [], inconclusive: [], notes: [], assets: [], members: [] };
  const location = { path: file.path, ...(file.member === undefined ? {} : { member: file.member }) };
  await analyzer.analyzeFile!({ ...file, size: source.size, source }, {
    settings: {},
    limits: DEFAULT_LIMITS,
    fact: () => undefined,
    note: (text) => void run.notes.push(text),
    asset: ({ position, ...asset }) => void run.assets.push({ ...asset, location: { ...location, ...position } }),
    inconclusive: (reason) => void run.inconclusive.push(reason),
    report: (rule, report) =>
      void run.findings.push(createFinding(rule, { message: report.message, location: { ...location, ...report.position }, ...(report.evidence === undefined ? {} : { evidence: report.evidence }) })),
    emitMember: async (name, member) => void run.members.push({ name, bytes: member.read(0, Math.min(member.size, MAX_MEMBER_BYTES)) }),
  });
  return run;
}

/** The bytes of a member stored without compression, found by walking the zip's local headers. */
export function storedZipMember(zip: Uint8Array, name: string): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let at = 0;
  while (at + 30 <= zip.length && view.getUint32(at, true) === 0x04034b50) {
    const method = view.getUint16(at + 8, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const entry = Buffer.from(zip.subarray(at + 30, at + 30 + nameLength)).toString('utf8');
    const data = at + 30 + nameLength + extraLength;
    if (entry === name) {
      if (method !== 0) throw new Error(`zip member ${name} is compressed (method ${method})`);
      return zip.subarray(data, data + size);
    }
    at = data + size;
  }
  throw new Error(`zip member ${name} not found`);
}
