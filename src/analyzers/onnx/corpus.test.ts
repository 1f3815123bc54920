/** The shared labelled corpus: the malicious ONNX file is high or critical, the benign one is quiet. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanTree } from '../../../test/support/scan-tree.js';
import { onnxAnalyzer } from './analyzer.js';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/models/', import.meta.url));
const present = existsSync(`${corpus}manifest.json`);
if (!present) console.warn(`onnx corpus test skipped: ${corpus} is absent`);

interface Entry {
  readonly path: string;
  readonly label: 'malicious' | 'benign';
  readonly format: string;
  readonly technique: string;
}

const entries: Entry[] = present ? (JSON.parse(readFileSync(`${corpus}manifest.json`, 'utf8')) as Entry[]).filter((e) => e.format === 'onnx') : [];

describe.skipIf(!present)('onnx analyzer on ../shared/corpus/models', () => {
  it('covers a benign and a malicious model', () => {
    expect(entries.map((e) => e.label).sort()).toEqual(['benign', 'malicious']);
  });

  it.each(entries)('$label $path ($technique)', async (entry) => {
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const dir = `${corpus}${entry.path.slice(0, entry.path.length - name.length)}`;
    const result = await scanTree(dir, [onnxAnalyzer], `ignore: ['*', '!${name}']\n`);
    expect(result.files.find((f) => f.path === name)?.status).toBe('scanned');
    const serious = result.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => f.ruleId);
    if (entry.label === 'malicious') expect(serious).toEqual(['onnx/external-data-path-traversal']);
    else expect(result.findings).toEqual([]);
  });
});
