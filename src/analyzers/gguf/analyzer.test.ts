import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyAnalyzer } from '../../core/analyzer.js';
import { memberRecorder } from '../../../test/support/member-recorder.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { chatTemplateAnalyzer } from '../chat-template/analyzer.js';
import { ggufAnalyzer } from './analyzer.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/gguf/${name}`, import.meta.url));
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scan(files: Record<string, Uint8Array>, analyzers: readonly AnyAnalyzer[]) {
  const root = makeTree(files);
  roots.push(root);
  return scanTree(root, analyzers);
}

async function ggufFindings(name: string) {
  const run = await runAnalyzer(ggufAnalyzer, { path: 'file', type: 'gguf' }, fixture(name));
  return { run, rules: [...new Set(run.findings.map((r) => r.ruleId))].sort() };
}

describe('gguf analyzer', () => {
  it.each([
    ['tiny_chatml.gguf', ['tokenizer.chat_template']],
    ['tiny_llama3.gguf', ['tokenizer.chat_template', 'tokenizer.chat_template.tool_use']],
    ['big_endian.gguf', ['tokenizer.chat_template']],
    ['version2.gguf', ['tokenizer.chat_template']],
    ['alignment_64.gguf', ['tokenizer.chat_template']],
    ['no_template.gguf', []],
  ])('is quiet on %s (quantized tensors, string/float/bool/nested arrays) and hands over its chat templates', async (name, templates) => {
    const { run } = await ggufFindings(name);
    expect(run.findings).toEqual([]);
    expect(run.inconclusive).toEqual([]);
    expect(run.members.map((m) => m.name)).toEqual(templates);
  });

  it('hands over the template bytes exactly as stored', async () => {
    const { run } = await ggufFindings('tiny_chatml.gguf');
    expect(Buffer.from(run.members[0]!.bytes).toString('utf8')).toBe(readFileSync(new URL('../../../test/fixtures/chat-template/benign/chatml.jinja', import.meta.url), 'utf8'));
  });

  it.each([
    ['huge_string_length.gguf', /declares about 9\.22e\+18 bytes but only 4 remain/],
    ['huge_array_count.gguf', /declares about 4\.61e\+18 float32 elements/],
    ['huge_tensor_count.gguf', /declares about 1\.15e\+18 tensors/],
    ['huge_kv_count.gguf', /declares 1099511627776 metadata entries/],
    ['truncated.gguf', /more than the \d+ bytes left could hold|truncated/],
    ['too_many_dims.gguf', /declares 5 dimensions/],
    ['dims_overflow.gguf', /element count overflows/],
    ['bad_value_type.gguf', /13, not a GGUF value type/],
    ['bad_tensor_type.gguf', /type 4294967295, which is not a ggml type/],
    ['deep_nesting.gguf', /nests arrays deeper than 16/],
  ])('reports gguf/malformed-header (high) for %s without allocating by the declared size', async (name, message) => {
    const { run } = await ggufFindings(name);
    expect(run.findings.map((r) => [r.ruleId, r.severity])).toEqual([['gguf/malformed-header', 'high']]);
    expect(run.findings[0]!.message).toMatch(message);
  });

  it('reports tensor data past the end of the file as gguf/tensor-data-out-of-bounds (high)', async () => {
    const { run } = await ggufFindings('tensor_out_of_bounds.gguf');
    expect(run.findings.map((r) => [r.ruleId, r.severity])).toEqual([['gguf/tensor-data-out-of-bounds', 'high']]);
    expect(run.findings[0]!.message).toMatch(/4194304 bytes\) ends at byte \d+ of a 160-byte file/);
  });

  it.each([
    ['misaligned_tensor.gguf', /not aligned to 32 bytes/],
    ['overlapping_tensors.gguf', /overlaps tensor "a"/],
    ['out_of_order.gguf', /not where ggml expects it in file order/],
  ])('reports gguf/irregular-tensor-layout for %s', async (name, message) => {
    const { run } = await ggufFindings(name);
    expect(run.findings.map((r) => r.ruleId)).toEqual(['gguf/irregular-tensor-layout']);
    expect(run.findings[0]!.message).toMatch(message);
  });

  it.each(['trailing_pickle.gguf', 'gap_between_tensors.gguf'])('reports bytes no tensor covers (%s) and hands them to the engine, where a pickle is found', async (name) => {
    const recorder = memberRecorder();
    const result = await scan({ [name]: fixture(name) }, [ggufAnalyzer, recorder.analyzer]);
    expect(result.findings.filter((f) => f.ruleId.startsWith('gguf/')).map((f) => f.ruleId)).toEqual(['gguf/irregular-tensor-layout']);
    expect(recorder.members.map((m) => [m.member.replace(/\d+-\d+/, 'N-M'), m.type])).toEqual([['<unreferenced bytes N-M>', 'pickle']]);
    expect(result.findings.map((f) => f.ruleId)).toContain('recorder/payload-seen');
  });

  it.each([
    ['duplicate_key.gguf', /"general.name" appears twice/],
    ['duplicate_tensor_name.gguf', /tensor name "w" appears twice/],
    ['bad_alignment.gguf', /general.alignment is 48, not a power of two/],
    ['alignment_wrong_type.gguf', /general.alignment is a string, not a uint32/],
    ['template_wrong_type.gguf', /"tokenizer.chat_template" is a uint32, not a string/],
    ['bad_bool.gguf', /bool of value 2/],
  ])('reports gguf/inconsistent-metadata (medium) for %s', async (name, message) => {
    const { run } = await ggufFindings(name);
    expect(run.findings.map((r) => [r.ruleId, r.severity])).toEqual([['gguf/inconsistent-metadata', 'medium']]);
    expect(run.findings[0]!.message).toMatch(message);
  });

  it('stops walking metadata with a verdict, never silently, when arrays exceed the element budget', async () => {
    const { readGguf, ELEMENT_BUDGET } = await import('./gguf-file.js');
    const { BufferSource } = await import('../../lib/byte-source.js');
    // 3 strings of budget size would be 8 bytes each: a bool array is the cheapest way to exceed the budget.
    const count = ELEMENT_BUDGET + 1;
    const head = Buffer.alloc(24);
    head.write('GGUF', 0, 'latin1');
    head.writeUInt32LE(3, 4);
    head.writeBigUInt64LE(0n, 8);
    head.writeBigUInt64LE(1n, 16);
    const key = Buffer.from('test.flags');
    const kv = Buffer.alloc(8 + key.length + 4 + 4 + 8);
    kv.writeBigUInt64LE(BigInt(key.length), 0);
    key.copy(kv, 8);
    kv.writeUInt32LE(9, 8 + key.length);
    kv.writeUInt32LE(7, 12 + key.length);
    kv.writeBigUInt64LE(BigInt(count), 16 + key.length);
    const file = readGguf(new BufferSource(Buffer.concat([head, kv, Buffer.alloc(count)])));
    expect(file.incomplete).toMatch(/more than 50000000 array elements/);
    // A million and one metadata entries fit in 13 MB of zeros; aigis does not hold a million keys.
    head.writeBigUInt64LE(1_000_001n, 16);
    expect(readGguf(new BufferSource(Buffer.concat([head, Buffer.alloc(13_000_013)]))).incomplete).toMatch(/declares 1000001 metadata entries; aigis reads at most 1000000/);
  });

  it('gives a clear verdict on a 0-byte or 7-byte file', async () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('GGUF\x03\x00\x00', 'latin1')]) {
      const run = await runAnalyzer(ggufAnalyzer, { path: 'm.gguf', type: 'gguf' }, bytes);
      expect(run.findings.map((f) => f.ruleId)).toEqual(['gguf/malformed-header']);
    }
  });

  it('with the chat-template analyzer: a benign GGUF is quiet, an SSTI template in it is critical, named templates included', async () => {
    const result = await scan(
      { 'ok.gguf': fixture('tiny_llama3.gguf'), 'ssti.gguf': fixture('ssti.gguf'), 'named.gguf': fixture('ssti_named_template.gguf') },
      [ggufAnalyzer, chatTemplateAnalyzer],
    );
    expect(result.findings.map((f) => [f.location.path, f.location.member, f.ruleId, f.severity])).toEqual([
      ['named.gguf', 'tokenizer.chat_template.rag', 'chat-template/sandbox-escape', 'critical'],
      ['ssti.gguf', 'tokenizer.chat_template', 'chat-template/sandbox-escape', 'critical'],
    ]);
    // The CVE-2024-34359 proof of concept uses `()`, which @huggingface/jinja cannot parse: token-checked, inconclusive.
    expect(result.files.map((f) => [f.path, f.status])).toEqual([['named.gguf', 'scanned'], ['ok.gguf', 'scanned'], ['ssti.gguf', 'inconclusive']]);
  });

  const corpus = new URL('../../../../shared/corpus/models/', import.meta.url);
  it.runIf(existsSync(corpus))('on the shared corpus: chatml.gguf is quiet, gguf_ssti.gguf is critical (skipped when ../shared is absent)', async () => {
    const result = await scan(
      { 'chatml.gguf': readFileSync(new URL('benign/chatml.gguf', corpus)), 'gguf_ssti.gguf': readFileSync(new URL('malicious/gguf_ssti.gguf', corpus)) },
      [ggufAnalyzer, chatTemplateAnalyzer],
    );
    expect(result.findings.map((f) => [f.location.path, f.ruleId, f.severity])).toEqual([['gguf_ssti.gguf', 'chat-template/sandbox-escape', 'critical']]);
    expect(result.findings[0]!.evidence).toContain("''.__class__.__mro__[1].__subclasses__()");
  });
});
