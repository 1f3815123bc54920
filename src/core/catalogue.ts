/**
 * @module The guideline catalogue: the 17 principles of the NCSC/CISA "Guidelines for secure AI system
 * development" in their four areas, and the reference vocabularies rules cite (CWE, OWASP LLM 2025, MITRE ATLAS).
 */
import { readPackageJson } from '../lib/json-file.js';

export interface Principle {
  readonly id: string;
  readonly title: string;
  readonly areaId: string;
  readonly areaTitle: string;
}

export interface Area {
  readonly id: string;
  readonly title: string;
  readonly principles: readonly Principle[];
}

interface GuidelinesFile {
  source: { title: string; url: string; date: string };
  areas: { id: string; title: string; principles: { id: string; title: string }[] }[];
  owaspLlm2025: { id: string; name: string }[];
}

const file = readPackageJson<GuidelinesFile>('data/guidelines.json');

export const GUIDELINES_SOURCE = file.source;

export const AREAS: readonly Area[] = file.areas.map((area) => ({
  id: area.id,
  title: area.title,
  principles: area.principles.map((p) => ({ ...p, areaId: area.id, areaTitle: area.title })),
}));

export const PRINCIPLES: readonly Principle[] = AREAS.flatMap((area) => area.principles);

const principlesById = new Map(PRINCIPLES.map((p) => [p.id, p]));

export function findPrinciple(id: string): Principle | undefined {
  return principlesById.get(id);
}

const owaspNames = new Map(file.owaspLlm2025.map((entry) => [entry.id, entry.name]));

/** Reference id formats. OWASP ids always carry their edition: LLM06:2025 is not LLM06:2026. */
export const REFERENCE_PATTERNS = {
  cwe: /^CWE-[1-9][0-9]*$/,
  owaspLlm: /^LLM(0[1-9]|10):2025$/,
  atlas: /^AML\.T[0-9]{4}(\.[0-9]{3})?$/,
} as const;

export function owaspLlmName(id: string): string | undefined {
  return owaspNames.get(id);
}

export function referenceUrl(id: string): string | undefined {
  if (REFERENCE_PATTERNS.cwe.test(id)) return `https://cwe.mitre.org/data/definitions/${id.slice(4)}.html`;
  if (REFERENCE_PATTERNS.atlas.test(id)) return `https://atlas.mitre.org/techniques/${id}`;
  if (REFERENCE_PATTERNS.owaspLlm.test(id)) return 'https://genai.owasp.org/llm-top-10/';
  return undefined;
}
