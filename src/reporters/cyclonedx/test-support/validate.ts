/** Test helpers: CycloneDX schema validation and reference checks. */
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { CycloneDxSpec } from '../index.js';

/** Validates against the official CycloneDX JSON schema (strict: no unknown properties). Null when valid. */
export async function schemaErrors(bom: unknown, spec: CycloneDxSpec): Promise<unknown> {
  const version = spec === '1.7' ? Spec.Version.v1dot7 : Spec.Version.v1dot6;
  return new Validation.JsonStrictValidator(version).validate(JSON.stringify(bom));
}

export type Json = Record<string, any>;
export const component = (bom: Json, ref: string): Json => {
  const found = (bom['components'] as Json[]).find((c) => c['bom-ref'] === ref);
  if (!found) throw new Error(`no component ${ref}; have ${(bom['components'] as Json[]).map((c) => c['bom-ref']).join(', ')}`);
  return found;
};
export const propsOf = (item: Json) => Object.fromEntries(((item['properties'] ?? []) as Json[]).map((p) => [p['name'], p['value']]));
export const allProps = (item: Json, name: string) => ((item['properties'] ?? []) as Json[]).filter((p) => p['name'] === name).map((p) => p['value']);

/** Every `ref` in dependencies, and every modelCard dataset ref, names a bom-ref in the document. */
export function danglingRefs(bom: Json): string[] {
  const refs = new Set<string>([bom['metadata']['component']['bom-ref']]);
  for (const c of bom['components'] as Json[]) refs.add(c['bom-ref']);
  for (const s of (bom['services'] ?? []) as Json[]) refs.add(s['bom-ref']);
  const used: string[] = [];
  for (const d of bom['dependencies'] as Json[]) used.push(d['ref'], ...(d['dependsOn'] ?? []));
  for (const c of bom['components'] as Json[]) for (const d of c['modelCard']?.['modelParameters']?.['datasets'] ?? []) if (d['ref']) used.push(d['ref']);
  return used.filter((ref) => !refs.has(ref));
}

