import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, mutations } from '../../../test/support/mutations.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { dockerfileAnalyzer } from './analyzer.js';
import { parseDockerfile, stagesOf } from './parse.js';

const ownRules = new Set(dockerfileAnalyzer.rules.map((r) => r.id));
const run = (bytes: Uint8Array) => runAnalyzer(dockerfileAnalyzer, { path: 'Dockerfile', type: 'dockerfile' }, bytes);

const REALISTIC = Buffer.from(
  [
    '# syntax=docker/dockerfile:1.7',
    'ARG BASE=pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
    'FROM ${BASE} AS build',
    'ENV HF_TOKEN=hf_abcdefghijklmnop PIP_NO_CACHE_DIR=1',
    'RUN apt-get update && \\',
    '    # comment',
    '    curl -fsSL https://x.example/i.sh | bash -s -- --yes',
    'RUN <<EOF',
    'set -e',
    'wget -qO- https://y | sh',
    'EOF',
    'COPY <<-"CONF" /etc/app.conf',
    '\tkey=value',
    '\tCONF',
    'RUN ["/bin/sh", "-c", "curl -s https://z | sh"]',
    'ADD https://example.com/m.tar.gz /m/',
    'FROM build',
    'USER root',
  ].join('\n'),
);

/** Dockerfile-shaped soup: keywords, flags, quotes, escapes, heredoc markers, substitutions, newlines. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('FROM ', 'RUN ', 'ENV ', 'ARG ', 'USER ', 'ADD ', 'COPY ', 'SHELL ', ' AS ', '--from=', '--mount=type=secret,id=x ', '--checksum=', '\\\n', '`\n', '\n', '# escape=`\n', '# ', '<<EOF', '<<-X', 'EOF\n', '"', "'", '$', '${', '}', '$(', ')', '<(', '|', '&&', ';', '=', ' ', '\t', '[', ']', 'curl ', 'wget -qO- ', 'sh', 'bash -c ', 'sha256sum -c', 'huggingface-cli download ', '--revision ', 'http://', '@sha256:', 'root', 'API_KEY=', 'HF_TOKEN='),
      fc.stringMatching(/^[a-z0-9_./:-]{1,8}$/),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('dockerfile analyzer on hostile input', () => {
  it('parses any text without throwing, and every instruction lies inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 300 })), (text) => {
        const file = parseDockerfile(text);
        const lines = text.split(/\r\n|\n|\r/).length;
        for (const instruction of file.instructions) {
          expect(instruction.line).toBeGreaterThanOrEqual(1);
          expect(instruction.endLine).toBeLessThanOrEqual(lines);
          for (const piece of instruction.pieces) expect(piece.line).toBeLessThanOrEqual(lines);
        }
        stagesOf(file);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws, never hangs and reports only its own rules on soup, damaged files and arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(soup.map((s) => Buffer.from(s)), fc.tuple(fc.constant(REALISTIC), mutations).map(([file, applied]) => mutate(file, applied)), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
        const started = Date.now();
        const result = await run(bytes);
        expect(Date.now() - started).toBeLessThan(2000);
        for (const finding of result.findings) {
          expect(ownRules.has(finding.ruleId)).toBe(true);
          expect(finding.location.startLine ?? 1).toBeGreaterThanOrEqual(1);
          expect((finding.evidence ?? '').length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('stays fast on huge continuations, heredocs without an end, deep substitutions and NUL bytes', async () => {
    const inputs = [
      'RUN echo \\\n'.repeat(10_000),
      'FROM a\nRUN <<EOF\n' + 'x\n'.repeat(40_000),
      'FROM a\nRUN ' + '$('.repeat(1_000) + 'curl x' + ')'.repeat(1_000) + ' | sh',
      'FROM a\nRUN ' + 'curl x | '.repeat(8_000) + 'sh',
      'FROM a\u0000\nUSER root',
      'ENV ' + 'A=1 '.repeat(10_000),
    ];
    const inconclusive = [];
    for (const text of inputs) {
      const started = Date.now();
      const result = await run(Buffer.from(text));
      expect(Date.now() - started).toBeLessThan(5000);
      inconclusive.push(result.inconclusive.length);
    }
    // Scripts past the size cap are not read, and say so; so is a file with NUL bytes.
    expect(inconclusive).toEqual([1, 1, 0, 1, 1, 0]);
  });
});
