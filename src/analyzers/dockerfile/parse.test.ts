import { describe, expect, it } from 'vitest';
import { dedent } from '../../../test/support/run-text.js';
import { execForm, keyValues, parseDockerfile, positionAt, splitWords, stagesOf, substitute } from './parse.js';

describe('parseDockerfile', () => {
  it('reads directives, comments, continuations with comment lines inside, and keeps pieces on their lines', () => {
    const file = parseDockerfile(dedent(`
      # syntax=docker/dockerfile:1.7
      # escape=\\
      # a comment that ends the directives
      # escape=\`
      FROM python:3.11-slim
      run apt-get update && \\
          # the comment is dropped
      
          apt-get install -y curl \\   
          && rm -rf /var/lib/apt/lists/*
      CMD ["python", "-m", "app"]
    `));
    expect(file.escape).toBe('\\');
    expect([...file.directives]).toEqual([['syntax', 'docker/dockerfile:1.7'], ['escape', '\\']]);
    expect(file.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([['FROM', 5, 5], ['RUN', 6, 10], ['CMD', 11, 11]]);
    const run = file.instructions[1]!;
    expect(run.args).toBe('apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*');
    expect(run.pieces.map((p) => [p.line, p.column])).toEqual([[6, 5], [9, 1], [10, 1]]);
    expect(positionAt(run, run.args.indexOf('rm -rf'))).toEqual({ line: 10, column: 8 });
    expect(execForm(file.instructions[2]!.args)).toEqual(['python', '-m', 'app']);
    expect(execForm(run.args)).toBeUndefined();
  });

  it('honours the backtick escape directive (Windows images)', () => {
    const file = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host C:\\path\n');
    expect(file.escape).toBe('`');
    expect(file.instructions[1]!.args).toBe('powershell -Command     Write-Host C:\\path');
  });

  it('collects heredoc bodies for RUN, COPY and ADD, with <<- tab stripping and quoted delimiters', () => {
    const file = parseDockerfile(['FROM alpine', 'RUN <<EOF', 'set -e', 'apk add curl', 'EOF', 'COPY <<-"CONF" /etc/app.conf', '\tkey=value', '\tCONF', 'RUN echo "<<NOT" a heredoc', 'RUN python3 - <<PY', 'print(1)'].join('\n'));
    const [, run, copy, echo, python] = file.instructions;
    expect(run!.heredocs).toEqual([{ delimiter: 'EOF', stripTabs: false, terminated: true, lines: [{ line: 3, column: 1, text: 'set -e' }, { line: 4, column: 1, text: 'apk add curl' }] }]);
    expect(run!.endLine).toBe(5);
    expect(copy!.heredocs[0]!.lines).toEqual([{ line: 7, column: 2, text: 'key=value' }]);
    expect(echo!.heredocs).toEqual([]);
    expect(python!.heredocs[0]!.terminated).toBe(false);
    expect(file.problems).toEqual(['the heredoc <<PY of the RUN at line 10 is not terminated']);
  });

  it('splits stages with their names and substitutes global ARG defaults into the image', () => {
    const file = parseDockerfile(dedent(`
      ARG CUDA=12.1.1
      ARG BASE=nvidia/cuda:\${CUDA}-runtime-ubuntu22.04
      ARG UNSET
      FROM --platform=$BUILDPLATFORM python:3.11 AS Builder
      RUN pip wheel -w /wheels .
      FROM \${BASE}
      FROM \${UNSET:-ubuntu:22.04}
      FROM $UNSET
    `));
    const { globalArgs, stages } = stagesOf(file);
    expect([...globalArgs]).toEqual([['CUDA', '12.1.1'], ['BASE', 'nvidia/cuda:12.1.1-runtime-ubuntu22.04'], ['UNSET', undefined]]);
    expect(stages.map((s) => [s.name, s.image?.value, s.image?.unresolved, s.body.length])).toEqual([
      ['Builder', 'python:3.11', [], 1],
      [undefined, 'nvidia/cuda:12.1.1-runtime-ubuntu22.04', [], 0],
      [undefined, 'ubuntu:22.04', [], 0],
      [undefined, '', ['UNSET'], 0],
    ]);
  });

  it('reads ENV and ARG pairs in both forms, with quotes', () => {
    const file = parseDockerfile('ENV A=1 B="two words" C=\'x y\'\nENV LEGACY value with spaces\nARG NAME\nARG WITH=default');
    expect(file.instructions.map((i) => keyValues(i, '\\').map((p) => [p.key, p.value]))).toEqual([
      [['A', '1'], ['B', 'two words'], ['C', 'x y']],
      [['LEGACY', 'value with spaces']],
      [['NAME', undefined]],
      [['WITH', 'default']],
    ]);
  });

  it('splits words with quotes and escapes and keeps their offsets', () => {
    expect(splitWords('a "b c" d\\ e \'f"g\'', '\\').map((w) => [w.value, w.start, w.end])).toEqual([['a', 0, 1], ['b c', 2, 7], ['d e', 8, 12], ['f"g', 13, 18]]);
    expect(substitute('${A}/${B:-x}/$C', new Map([['A', 'a']]))).toEqual({ value: 'a/x/', unresolved: ['C'] });
  });

  it('treats a keyword glued to its continuation as the keyword', () => {
    const file = parseDockerfile('RUN\\\n  echo hi');
    expect(file.instructions.map((i) => [i.keyword, i.args])).toEqual([['RUN', '  echo hi']]);
  });
});
