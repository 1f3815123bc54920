/**
 * The bundled example (examples/support-assistant) as an acceptance test. Its README lists every planted
 * problem and every safe counterpart by file and line, written before the rules: each listed problem must be
 * found at that place, and no safe counterpart may be reported. Problems no analyzer covers yet are listed in
 * NOT_COVERED and show as todo, so the gap stays visible rather than quietly dropped.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzers } from '../src/analyzers/index.js';
import { evaluateConformance, type ConformanceReport } from '../src/core/conformance/evaluate.js';
import type { Finding } from '../src/core/finding.js';
import { scanTree } from './support/scan-tree.js';

const root = fileURLToPath(new URL('../examples/support-assistant/', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

interface Place {
  readonly path: string;
  /** Inclusive line range; absent when the row names a whole file. */
  readonly lines?: readonly [number, number];
  readonly row: string;
}

/** `app/db.py:45`, `mcp.json:4-5`, `ci.yml:5,16,35`, or a bare path, from the first cell of a table row. */
function placesOf(section: string): Place[] {
  const places: Place[] = [];
  for (const row of section.split('\n').filter((line) => /^\| `/.test(line))) {
    const cell = row.split('|')[1]!;
    for (const [, ref] of cell.matchAll(/`([^`]+)`/g)) {
      const match = /^([^:]+?)(?::([\d,-]+))?$/.exec(ref!);
      if (!match) continue;
      const [, path, spec] = match;
      if (spec === undefined) {
        places.push({ path: path!, row: row.slice(0, 120) });
        continue;
      }
      for (const part of spec.split(',')) {
        const [from, to] = part.split('-').map(Number);
        places.push({ path: path!, lines: [from!, to ?? from!], row: row.slice(0, 120) });
      }
    }
  }
  return places;
}

const problemsSection = readme.slice(readme.indexOf('## Deliberate problems'), readme.indexOf('## Safe counterparts'));
const safeSection = readme.slice(readme.indexOf('## Safe counterparts'), readme.indexOf('## Regenerating'));
const problems = placesOf(problemsSection);
const safe = placesOf(safeSection);

/**
 * The rules each planted problem must be reported by. A place listed twice in the README (two problems on one
 * line) is keyed `place#n`, n counting from 1 in README order.
 */
const EXPECTED: Record<string, readonly string[]> = {
  'app/tools.py:28': ['python/llm-output-to-code-execution'],
  'app/db.py:45': ['python/llm-output-to-sql'],
  'app/tools.py:47': ['python/llm-output-to-shell'],
  'notebooks/evaluate.ipynb:84': ['python/llm-output-to-code-execution'],
  'app/tools.py:68': ['python/agent-code-execution-tool'],
  'mcp.json:4-5': ['mcp-config/shell-command-server', 'mcp-config/unpinned-server-package', 'mcp-config/broad-filesystem-access'],
  'models/intent-classifier/classifier.pkl': ['pickle/dangerous-callable'],
  'models/reranker/pytorch_model.bin': ['pickle/dangerous-callable'],
  'app/retrieval.py:36': ['python/pickle-deserialization'],
  'app/retrieval.py:43': ['python/torch-load-without-weights-only'],
  'app/retrieval.py:47': ['python/pickle-deserialization'],
  'notebooks/evaluate.ipynb:60-61': ['python/pickle-deserialization', 'python/torch-load-without-weights-only'],
  'app/config.py:38': ['python/yaml-unsafe-load'],
  'app/retrieval.py:23': ['python/unpinned-hub-download'],
  'app/retrieval.py:29': ['python/trust-remote-code', 'python/unpinned-hub-download'],
  'models/#2': ['model-signature/unsigned-model'],
  'app/config.py:19': ['secrets/ai-provider-api-key'],
  'Dockerfile:7': ['secrets/ai-provider-api-key', 'dockerfile/secret-in-env'],
  '.env:2': ['secrets/ai-provider-api-key', 'secrets/committed-env-file'],
  'notebooks/evaluate.ipynb:23': ['secrets/ai-provider-api-key'],
  'Dockerfile:17': ['dockerfile/copy-context-without-dockerignore'],
  'app/server.py:80': ['python/service-bound-to-all-interfaces'],
  'app/ui.py:24': ['python/gradio-public-share'],
  'app/llm.py:30-35': ['python/model-api-tls-verification-disabled'],
  'Dockerfile:1#1': ['dockerfile/runs-as-root'],
  'requirements.txt': ['dependencies/unpinned-python-requirement', 'dependencies/python-requirements-without-hashes'],
  'pyproject.toml:12-30': ['dependencies/missing-lockfile'],
  'Dockerfile:1#2': ['dockerfile/base-image-not-pinned'],
  'Dockerfile:12': ['dockerfile/pipe-to-shell'],
  '.github/workflows/ci.yml:5': ['github-actions/pull-request-target-checkout'],
  '.github/workflows/ci.yml:16': ['github-actions/pull-request-target-checkout'],
  '.github/workflows/ci.yml:35': ['github-actions/pull-request-target-checkout'],
  '.github/workflows/ci.yml:42': ['github-actions/script-injection'],
  '.github/workflows/ci.yml:20': ['github-actions/unpinned-action'],
  'SECURITY.md': ['security-docs/security-policy-without-ai-scope'],
  'prompts/system.txt:11-13': ['ai-files/secret-in-prompt'],
  'data/faq.jsonl:7': ['ai-files/instructions-in-data'],
};

/**
 * Planted problems that are gaps rather than faults: no rule reports them, the conformance view (`aigis check`)
 * does, as a check that falls short and names the place.
 */
const BY_CONFORMANCE: Record<string, string> = {
  'models/#1': 'cards-for-models',
};

/** Planted problems outside what aigis detects today, with the reason. Keep this list short and honest. */
const NOT_COVERED: Record<string, string> = {
};

const placeName = (place: Place) => `${place.path}${place.lines ? `:${place.lines[0]}${place.lines[1] !== place.lines[0] ? `-${place.lines[1]}` : ''}` : ''}`;
const seen = new Map<string, number>();
const problemKeys = problems.map((place) => {
  const name = placeName(place);
  const n = (seen.get(name) ?? 0) + 1;
  seen.set(name, n);
  return name;
});
const keyOf = (index: number) => {
  const name = problemKeys[index]!;
  return (seen.get(name) ?? 1) > 1 ? `${name}#${problemKeys.slice(0, index + 1).filter((k) => k === name).length}` : name;
};

let findings: Finding[] = [];
let conformance: ConformanceReport;
beforeAll(async () => {
  const result = await scanTree(root, analyzers);
  findings = result.findings;
  conformance = evaluateConformance({
    tool: { name: 'aigis', version: 'test' },
    scanRoot: root,
    findings,
    assets: result.assets,
    evidence: result.evidence,
    files: result.files,
    rules: analyzers.flatMap((a) => a.rules),
    notApplicable: {},
  });
}, 60_000);

const at = (place: Place) =>
  findings.filter(
    (f) =>
      (f.location.path === place.path || f.location.path.startsWith(`${place.path.replace(/\/$/, '')}/`)) &&
      (place.lines === undefined || (f.location.startLine !== undefined && f.location.startLine >= place.lines[0] && f.location.startLine <= place.lines[1])),
  );

describe('the bundled example', () => {
  it('lists its problems and safe counterparts in its README', () => {
    expect(problems.length).toBeGreaterThan(30);
    expect(safe.length).toBeGreaterThan(10);
  });

  it('names the expected rules, or the reason for a gap, for every planted problem and nothing else', () => {
    const keys = problems.map((_, index) => keyOf(index));
    const named = (key: string) => EXPECTED[key] !== undefined || NOT_COVERED[key] !== undefined || BY_CONFORMANCE[key] !== undefined;
    expect(keys.filter((key) => !named(key))).toEqual([]);
    expect([...Object.keys(EXPECTED), ...Object.keys(NOT_COVERED), ...Object.keys(BY_CONFORMANCE)].filter((key) => !keys.includes(key))).toEqual([]);
  });

  problems.forEach((place, index) => {
    const key = keyOf(index);
    const reason = NOT_COVERED[key];
    if (reason !== undefined) {
      it.todo(`finds ${key} (not covered yet: ${reason})`);
      return;
    }
    const check = BY_CONFORMANCE[key];
    if (check !== undefined) {
      it(`shows the planted gap at ${key} in the conformance view (${check})`, () => {
        const result = conformance.principles.flatMap((p) => p.checks).find((c) => c.id === check)!;
        expect(result.state, place.row).toBe('falls short');
        const shortfall = result.evidence.map((e) => e.shortfall ?? '').join(' ');
        const under = [...new Set(findings.map((f) => f.location.path).filter((path) => path.startsWith(place.path)).map((path) => path.split('/').slice(0, 2).join('/')))];
        expect(under.length).toBeGreaterThan(0);
        for (const folder of under) expect(shortfall, place.row).toContain(folder);
      });
      return;
    }
    it(`finds the planted problem at ${key}`, () => {
      const found = new Set(at(place).map((f) => f.ruleId));
      expect((EXPECTED[key] ?? []).filter((rule) => !found.has(rule)), place.row).toEqual([]);
    });
  });

  for (const place of safe) {
    it(`stays quiet on the safe counterpart at ${placeName(place)}`, () => {
      expect(at(place).map((f) => `${f.ruleId} line ${f.location.startLine}`), place.row).toEqual([]);
    });
  }
});
