/** The shared labelled corpus: every malicious pickle-family file is high or critical, no benign one is. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { pickleAnalyzer } from './analyzer.js';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/models/', import.meta.url));
const present = existsSync(`${corpus}manifest.json`);
if (!present) console.warn(`pickle corpus test skipped: ${corpus} is absent`);

interface Entry {
  readonly path: string;
  readonly label: 'malicious' | 'benign';
  readonly format: string;
  readonly technique: string;
}

const FORMATS = new Set(['pickle', 'pytorch-legacy', 'joblib']);
const entries: Entry[] = present
  ? (JSON.parse(readFileSync(`${corpus}manifest.json`, 'utf8')) as Entry[]).filter(
      (e) => FORMATS.has(e.format) && !/zlib/i.test(e.technique),
    )
  : [];

describe.skipIf(!present)('pickle analyzer on ../shared/corpus/models', () => {
  it('covers the pickle, legacy PyTorch and joblib entries', () => {
    expect(entries.length).toBeGreaterThan(15);
  });

  it.each(entries)('$label $path ($technique)', async (entry) => {
    const dir = fileURLToPath(new URL(entry.path.slice(0, entry.path.lastIndexOf('/') + 1), `file://${corpus}`));
    const result = await scanTree(dir, [pickleAnalyzer], `ignore: ['*', '!${entry.path.slice(entry.path.lastIndexOf('/') + 1)}']\n`);
    const record = result.files.find((f) => entry.path.endsWith(f.path));
    expect(record?.status).toBe('scanned');
    const serious = result.findings.filter((f) => entry.path.endsWith(f.location.path) && (f.severity === 'critical' || f.severity === 'high'));
    if (entry.label === 'malicious') expect(serious.map((f) => f.ruleId)).not.toEqual([]);
    else expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
