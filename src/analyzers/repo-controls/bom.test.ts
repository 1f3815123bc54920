import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bomNameKind, isCycloneDxXml, MAX_ENTRIES, readJsonBom } from './bom.js';

describe('BOM files', () => {
  it('knows BOMs by name: CycloneDX and SPDX conventions, with bom.json and bom.xml as weaker hints', () => {
    expect(bomNameKind('bom.cdx.json')).toEqual({ kind: 'json', strong: true });
    expect(bomNameKind('sbom/app.spdx.json')).toEqual({ kind: 'json', strong: true });
    expect(bomNameKind('release/api.sbom.json')).toEqual({ kind: 'json', strong: true });
    expect(bomNameKind('SBOM.json')).toEqual({ kind: 'json', strong: true });
    expect(bomNameKind('bom.json')).toEqual({ kind: 'json', strong: false });
    expect(bomNameKind('dist/bom.cdx.xml')).toEqual({ kind: 'xml', strong: true });
    expect(bomNameKind('bom.xml')).toEqual({ kind: 'xml', strong: false });
    expect(bomNameKind('package.json')).toBeUndefined();
    expect(bomNameKind('docs/bom.md')).toBeUndefined();
  });

  it('reads nested CycloneDX components and their data entries', () => {
    const bom = readJsonBom(JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'application', name: 'app', components: [{ type: 'machine-learning-model', name: 'org/model', version: 'abc', 'bom-ref': 'm1', purl: 'pkg:huggingface/org/model@abc' }] },
        { type: 'data', name: 'faq', data: [{ type: 'dataset', name: 'data/faq.jsonl' }] },
        'not a component',
      ],
    }));
    expect(bom.format).toBe('cyclonedx-json');
    expect(bom.specVersion).toBe('1.6');
    expect(bom.count).toBe(3);
    expect(bom.entries).toEqual([
      { name: 'app', type: 'application' },
      { name: 'faq', type: 'data' },
      { name: 'data/faq.jsonl', type: 'data-entry' },
      { name: 'org/model', version: 'abc', ref: 'm1', purl: 'pkg:huggingface/org/model@abc', type: 'machine-learning-model' },
    ]);
  });

  it('reads SPDX packages (with their purl) and files', () => {
    const bom = readJsonBom(JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      packages: [{ SPDXID: 'SPDXRef-1', name: 'openai', versionInfo: '1.40.0', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:pypi/openai@1.40.0' }] }],
      files: [{ SPDXID: 'SPDXRef-2', fileName: './models/a.onnx' }],
    }));
    expect(bom).toEqual({
      format: 'spdx-json',
      specVersion: 'SPDX-2.3',
      count: 2,
      truncated: false,
      entries: [
        { name: 'openai', version: '1.40.0', ref: 'SPDXRef-1', purl: 'pkg:pypi/openai@1.40.0', type: 'package' },
        { name: 'models/a.onnx', ref: 'SPDXRef-2', type: 'file' },
      ],
    });
  });

  it('says why JSON is not a BOM', () => {
    expect(readJsonBom('{"bomFormat": "CycloneDX", ').error).toMatch(/^it is not valid JSON/);
    expect(readJsonBom('[1, 2]').error).toBe('it is not a JSON object');
    expect(readJsonBom('{"name": "x"}').error).toBe('it is neither CycloneDX (bomFormat) nor SPDX (spdxVersion)');
  });

  it('walks a hostile nesting without recursion, and caps what it keeps', () => {
    // Built as text: JSON.stringify itself would recurse too deep.
    const levels = 20_000;
    const text = `{"bomFormat":"CycloneDX","components":${'[{"type":"library","name":"c","components":'.repeat(levels)}[]${'}]'.repeat(levels)}}`;
    const deep = readJsonBom(text);
    expect(deep.error).toBeUndefined();
    expect(deep.count).toBe(65); // the first 64 levels of nesting, then no deeper
    const many = readJsonBom(JSON.stringify({ bomFormat: 'CycloneDX', components: Array.from({ length: MAX_ENTRIES + 10 }, (_, i) => ({ type: 'library', name: `p${i}` })) }));
    expect([many.count, many.entries.length, many.truncated]).toEqual([MAX_ENTRIES + 10, MAX_ENTRIES, true]);
  });

  it('tells CycloneDX XML by its root element and namespace', () => {
    expect(isCycloneDxXml('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">')).toBe(true);
    expect(isCycloneDxXml('<project xmlns="http://maven.apache.org/POM/4.0.0"><bom/></project>')).toBe(false);
  });

  it('never throws on arbitrary or mutated text', () => {
    const valid = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'data', name: 'd', data: [{ name: 'x' }], components: [{ name: 'y' }] }] });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(valid.length), fc.string({ maxLength: 8 }), (text, at, insert) => {
        readJsonBom(text);
        readJsonBom(valid.slice(0, at) + insert + valid.slice(at));
        isCycloneDxXml(text);
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        readJsonBom(JSON.stringify({ bomFormat: 'CycloneDX', components: value }));
        readJsonBom(JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: value, files: value }));
      }),
      { numRuns: 300 },
    );
  });
});
