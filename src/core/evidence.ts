/**
 * @module Evidence: what an analyzer's project pass learns about a conformance check (see
 * conformance/checks.ts): a document exists, a control holds, or it is there but falls short. Plain data.
 */
import type { Location } from './finding.js';

export interface Evidence {
  /** A check id from the conformance catalogue; the check gives the principle and whether it is a document or a control. */
  readonly check: string;
  /** What was found, specifically: "SECURITY.md covers prompt injection and model abuse". One line. */
  readonly summary: string;
  readonly location?: Location;
  /**
   * Set when the thing was found but does not satisfy the check, saying what is missing
   * ("no Dependabot entry for pip (requirements.txt)"). Evidence with a shortfall is shown, and never counts.
   */
  readonly shortfall?: string;
  /** The analyzer that found it. */
  readonly analyzer: string;
}

/** What an analyzer hands over; the engine adds its id. */
export type EvidenceReport = Omit<Evidence, 'analyzer'>;

export function compareEvidence(a: Evidence, b: Evidence): number {
  const key = (e: Evidence) => [e.check, e.location?.path ?? '', String(e.location?.startLine ?? 0).padStart(9, '0'), e.summary].join('\u0000');
  const [ka, kb] = [key(a), key(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
