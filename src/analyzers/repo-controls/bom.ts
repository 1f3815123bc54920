/**
 * @module Committed SBOMs and AI-BOMs: which files are BOMs by name, and what a CycloneDX or SPDX JSON document
 * lists (component names, versions, bom-refs, purls), kept small for the project pass. Parsed with JSON.parse
 * (which does not recurse on the stack) and walked without recursion, so deep nesting cannot overflow.
 */

export type BomFormat = 'cyclonedx-json' | 'spdx-json' | 'cyclonedx-xml';

/** A name a BOM gives one of its components (or a `data` entry, or an SPDX package or file). */
export interface BomEntry {
  readonly name?: string;
  readonly version?: string;
  readonly ref?: string;
  readonly purl?: string;
  readonly type?: string;
}

export interface BomSummary {
  readonly format?: BomFormat;
  /** CycloneDX `specVersion` or SPDX `spdxVersion`. */
  readonly specVersion?: string;
  readonly entries: readonly BomEntry[];
  /** Components (CycloneDX) or packages and files (SPDX) counted, including those past the cap. */
  readonly count: number;
  /** More entries than {@link MAX_ENTRIES}: the rest were counted but not kept. */
  readonly truncated: boolean;
  readonly error?: string;
}

export const MAX_BOM_BYTES = 16 * 1024 * 1024;
export const MAX_ENTRIES = 50_000;
const MAX_STRING = 1024;
/** Nested `components` deeper than this are not walked (a real BOM nests a few levels). */
const MAX_NESTING = 64;

/** How a file name says it is a BOM; `strong` names are BOMs whatever else they could be. */
export function bomNameKind(path: string): { kind: 'json' | 'xml'; strong: boolean } | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base.endsWith('.cdx.json') || base.endsWith('.spdx.json') || base.endsWith('.sbom.json') || base === 'sbom.json') return { kind: 'json', strong: true };
  if (base === 'bom.json' || base.endsWith('.bom.json')) return { kind: 'json', strong: false };
  if (base.endsWith('.cdx.xml')) return { kind: 'xml', strong: true };
  if (base === 'bom.xml') return { kind: 'xml', strong: false };
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.slice(0, MAX_STRING) : undefined);

function entry(fields: { name: unknown; version?: unknown; ref?: unknown; purl?: unknown; type?: unknown }): BomEntry {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    const text = str(value);
    if (text !== undefined) out[key] = text;
  }
  return out as BomEntry;
}

/** Reads a BOM's JSON text: CycloneDX or SPDX, or an `error` saying why it is neither. */
export function readJsonBom(text: string): BomSummary {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { entries: [], count: 0, truncated: false, error: `it is not valid JSON (${(error instanceof Error ? error.message : String(error)).slice(0, 120)})` };
  }
  if (!isRecord(document)) return { entries: [], count: 0, truncated: false, error: 'it is not a JSON object' };
  if (document['bomFormat'] === 'CycloneDX') return cycloneDx(document);
  if (typeof document['spdxVersion'] === 'string') return spdx(document);
  return { entries: [], count: 0, truncated: false, error: 'it is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)' };
}

function cycloneDx(document: Record<string, unknown>): BomSummary {
  const entries: BomEntry[] = [];
  let count = 0;
  let truncated = false;
  const keep = (e: BomEntry) => {
    if (entries.length < MAX_ENTRIES) entries.push(e);
    else truncated = true;
  };
  // An explicit stack of component lists, so a hostile BOM nested a million deep costs no call stack.
  const stack: Array<{ list: unknown; depth: number }> = [{ list: document['components'], depth: 0 }];
  while (stack.length > 0) {
    const { list, depth } = stack.pop()!;
    if (!Array.isArray(list) || depth > MAX_NESTING) continue;
    for (const component of list) {
      if (!isRecord(component)) continue;
      count++;
      keep(entry({ name: component['name'], version: component['version'], ref: component['bom-ref'], purl: component['purl'], type: component['type'] }));
      if (Array.isArray(component['data'])) {
        for (const data of component['data'].slice(0, 1000)) {
          if (isRecord(data) && str(data['name']) !== undefined) keep(entry({ name: data['name'], ref: data['bom-ref'], type: 'data-entry' }));
        }
      }
      if (component['components'] !== undefined) stack.push({ list: component['components'], depth: depth + 1 });
    }
  }
  const spec = str(document['specVersion']);
  return { format: 'cyclonedx-json', ...(spec ? { specVersion: spec } : {}), entries, count, truncated };
}

function spdx(document: Record<string, unknown>): BomSummary {
  const entries: BomEntry[] = [];
  let count = 0;
  let truncated = false;
  const keep = (e: BomEntry) => {
    count++;
    if (entries.length < MAX_ENTRIES) entries.push(e);
    else truncated = true;
  };
  const packages = Array.isArray(document['packages']) ? document['packages'] : [];
  for (const pkg of packages) {
    if (!isRecord(pkg)) continue;
    const refs = Array.isArray(pkg['externalRefs']) ? pkg['externalRefs'] : [];
    const purl = refs.find((ref) => isRecord(ref) && ref['referenceType'] === 'purl' && typeof ref['referenceLocator'] === 'string') as Record<string, unknown> | undefined;
    keep(entry({ name: pkg['name'], version: pkg['versionInfo'], ref: pkg['SPDXID'], purl: purl?.['referenceLocator'], type: 'package' }));
  }
  const files = Array.isArray(document['files']) ? document['files'] : [];
  for (const file of files) {
    if (!isRecord(file)) continue;
    const name = typeof file['fileName'] === 'string' ? file['fileName'].replace(/^\.\//, '') : undefined;
    keep(entry({ name, ref: file['SPDXID'], type: 'file' }));
  }
  return { format: 'spdx-json', specVersion: str(document['spdxVersion'])!, entries, count, truncated };
}

/** Whether the start of an XML file is a CycloneDX BOM (`<bom xmlns="http://cyclonedx.org/schema/bom/...">`). */
export function isCycloneDxXml(head: string): boolean {
  return /<bom[\s>]/.test(head) && /cyclonedx\.org\/schema\/bom/.test(head);
}
