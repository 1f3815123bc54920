/** The shared labelled corpus: the malicious Keras file is high or critical, the benign one is not. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAnalyzer, storedZipMember } from '../../../test/support/run-analyzer.js';
import { kerasAnalyzer } from './analyzer.js';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/models/', import.meta.url));
const present = existsSync(`${corpus}manifest.json`);
if (!present) console.warn(`keras corpus test skipped: ${corpus} is absent`);

interface Entry {
  readonly path: string;
  readonly label: 'malicious' | 'benign';
  readonly format: string;
  readonly technique: string;
}

const entries: Entry[] = present ? (JSON.parse(readFileSync(`${corpus}manifest.json`, 'utf8')) as Entry[]).filter((e) => e.format.startsWith('keras')) : [];

describe.skipIf(!present)('keras analyzer on ../shared/corpus/models', () => {
  it('covers a benign and a malicious .keras file', () => {
    expect(entries.map((e) => e.label).sort()).toEqual(['benign', 'malicious']);
  });

  it.each(entries)('$label $path ($technique)', async (entry) => {
    const config = storedZipMember(readFileSync(`${corpus}${entry.path}`), 'config.json');
    const run = await runAnalyzer(kerasAnalyzer, { path: entry.path, member: 'config.json', type: 'json' }, config);
    expect(run.inconclusive).toEqual([]);
    const serious = run.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.ruleId);
    if (entry.label === 'malicious') expect(serious).not.toEqual([]);
    else expect(run.findings).toEqual([]);
  });
});
