/** @module A baseline is an earlier JSON report: findings whose fingerprint it holds are not new. */

export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

interface FingerprintCarrier {
  fingerprint?: unknown;
}

function fingerprintsOf(list: unknown, pick: (entry: unknown) => FingerprintCarrier | undefined): string[] {
  if (!Array.isArray(list)) return [];
  return list.map(pick).flatMap((f) => (typeof f?.fingerprint === 'string' ? [f.fingerprint] : []));
}

export function parseBaseline(text: string, source: string): ReadonlySet<string> {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new BaselineError(`baseline ${source} is not JSON; create one with "aigis scan --format json --output ${source}"`);
  }
  const candidate = report as { tool?: { name?: unknown }; findings?: unknown; suppressed?: unknown };
  if (candidate?.tool?.name !== 'aigis' || !Array.isArray(candidate.findings)) {
    throw new BaselineError(`baseline ${source} is not an aigis JSON report; create one with "aigis scan --format json --output ${source}"`);
  }
  return new Set([
    ...fingerprintsOf(candidate.findings, (entry) => entry as FingerprintCarrier),
    ...fingerprintsOf(candidate.suppressed, (entry) => (entry as { finding?: FingerprintCarrier }).finding),
  ]);
}
