/**
 * @module ai-files: prompt files and dataset files, recognised by where they sit and what they are named, and
 * recorded as assets for the inventory (`aigis bom` hashes them). Text prompts are read for secrets and internal
 * addresses; text datasets (JSONL, CSV, TSV) are streamed line by line, in bounded chunks, for instructions
 * addressed to the model. Binary datasets are only recorded.
 */
import type { FileCandidate, FileContext, FileInput } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';
import { printable } from '../../lib/printable.js';
import { ATTACK_SET, instructionColumn, meta as instructionsInData } from './rules/instructions-in-data.js';
import { meta as secretInPrompt, promptSecrets } from './rules/secret-in-prompt.js';

const PROMPT_FOLDERS = new Set(['prompts', 'prompt', 'prompt_templates', 'prompt-templates', 'system_prompts', 'system-prompts']);
const PROMPT_EXTENSIONS = new Set(['txt', 'md', 'jinja', 'j2', 'prompt', 'prompty', 'mustache', 'hbs', 'tmpl', 'yaml', 'yml', 'json']);
/** Files that are prompts by their own name, wherever they are. */
const PROMPT_NAME = /(^|[._-])(system[._-]?prompt|prompt)[^/]*\.(txt|md|jinja|j2)$|\.(prompt|prompty)$/i;

const DATA_FOLDERS = new Set(['data', 'datasets', 'dataset', 'corpus', 'corpora', 'training_data', 'training-data', 'eval_data', 'evals']);
const DATA_EXTENSIONS = new Set(['jsonl', 'ndjson', 'csv', 'tsv', 'parquet', 'arrow', 'feather', 'avro', 'orc']);
/** Columnar formats are datasets wherever they are. */
const ALWAYS_DATA = new Set(['parquet', 'arrow', 'feather', 'avro', 'orc']);

type Role = { kind: 'prompt' | 'dataset'; format: string };

/** What a file is to the AI system, judged from its path alone; undefined for anything else. */
export function roleOf(file: Pick<FileCandidate, 'path' | 'member'>): Role | undefined {
  // Members of archives are the archive's business (a .npz, a .keras), not project files.
  if (file.member !== undefined) return undefined;
  const segments = file.path.toLowerCase().split('/');
  const base = segments.at(-1)!;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1) : '';
  const folders = segments.slice(0, -1);
  if (PROMPT_NAME.test(base) || (PROMPT_EXTENSIONS.has(extension) && folders.some((f) => PROMPT_FOLDERS.has(f)))) {
    // A README inside a prompts folder documents the prompts; it is not one.
    if (base === 'readme.md') return undefined;
    return { kind: 'prompt', format: extension || 'text' };
  }
  if (ALWAYS_DATA.has(extension) || (DATA_EXTENSIONS.has(extension) && folders.some((f) => DATA_FOLDERS.has(f)))) {
    return { kind: 'dataset', format: extension };
  }
  return undefined;
}

/** Prompt files are a few kilobytes; past this, the rest is not read and the file says so. */
const MAX_PROMPT_BYTES = 1024 * 1024;
const TEXT_DATA = new Set(['jsonl', 'ndjson', 'csv', 'tsv']);
const CHUNK = 4 * 1024 * 1024;
/** Findings per file: a poisoned corpus may hold thousands; the first ones make the point. */
const MAX_FINDINGS = 20;
const DEFAULT_MAX_DATASET_MIB = 256;

/** Calls `visit` with each line of the first `limit` bytes and its 1-based number, reading CHUNK bytes at a time. */
function forEachLine(file: FileInput, limit: number, visit: (line: string, number: number) => boolean): void {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let carry = '';
  let number = 0;
  const end = Math.min(file.size, limit);
  for (let offset = 0; offset < end; offset += CHUNK) {
    const bytes = file.source.read(offset, Math.min(CHUNK, end - offset));
    if (bytes.length === 0) break;
    const lines = (carry + decoder.decode(bytes, { stream: offset + bytes.length < end })).split(/\r?\n/);
    carry = lines.pop() ?? '';
    // A single line longer than a chunk is searched in its first part only (instructionColumn caps it too).
    if (carry.length > CHUNK) carry = carry.slice(0, CHUNK);
    for (const line of lines) if (!visit(line, ++number)) return;
  }
  if (carry !== '') visit(carry, ++number);
}

function scanPrompt(file: FileInput, context: FileContext<unknown>): void {
  let found = 0;
  forEachLine(file, MAX_PROMPT_BYTES, (line, number) => {
    for (const secret of promptSecrets(line)) {
      const message =
        secret.what === 'credential'
          ? 'The prompt holds a code or password. Anyone who gets the model to repeat its instructions gets it, and a code that grants privileges in the chat is an authorisation check prompt injection can get around.'
          : 'The prompt names an internal service. System prompts leak: this tells an attacker where to look, and invites the model to hand out the address.';
      context.report(secretInPrompt, { message, evidence: printable(secret.evidence, 200), position: { startLine: number, startColumn: secret.column } });
      if (++found >= MAX_FINDINGS) return false;
    }
    return true;
  });
  if (file.size > MAX_PROMPT_BYTES) context.note(`prompt file larger than ${MAX_PROMPT_BYTES} bytes: only the first ${MAX_PROMPT_BYTES} were read`);
}

function scanDataset(file: FileInput, context: FileContext<unknown>): void {
  const mib = context.settings['maxDatasetMiB'];
  const limit = (typeof mib === 'number' ? mib : DEFAULT_MAX_DATASET_MIB) * 1024 * 1024;
  let found = 0;
  forEachLine(file, limit, (line, number) => {
    const column = instructionColumn(line);
    if (column === undefined) return true;
    context.report(instructionsInData, {
      message: 'A data entry speaks to the model: retrieved into a prompt or used in training, it would steer the model (indirect prompt injection). Check where the entry came from.',
      evidence: printable(line.slice(Math.max(0, column - 1), column + 159).trim(), 200),
      position: { startLine: number, startColumn: column },
    });
    return ++found < MAX_FINDINGS;
  });
  if (file.size > limit) {
    context.inconclusive(`dataset larger than ${limit / 1024 / 1024} MiB: only the start was searched for instructions to the model (analyzers.ai-files.maxDatasetMiB raises the limit)`);
  }
}

export const aiFilesAnalyzer = defineAnalyzer({
  id: 'ai-files',
  version: '2',
  description:
    'Records prompt files (prompts/ folders, *.prompt, system_prompt.*) and dataset files (data/ folders, Parquet, Arrow) as assets for the AI inventory; flags credentials and internal addresses in prompts, and instructions to the model hidden in text datasets.',
  rules: [secretInPrompt, instructionsInData],
  runsInWorker: true,
  settingsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      maxDatasetMiB: {
        type: 'integer',
        minimum: 1,
        default: DEFAULT_MAX_DATASET_MIB,
        description: 'Text datasets (JSONL, CSV, TSV) are searched up to this many MiB; a larger file is marked inconclusive.',
      },
    },
  },
  claims: (file) => roleOf(file) !== undefined,
  analyzeFile(file, context) {
    const role = roleOf(file);
    if (!role) return;
    context.asset({ kind: role.kind, name: file.path, properties: { source: 'file', format: role.format, size: String(file.size) } });
    if (role.kind === 'prompt') scanPrompt(file, context);
    else if (TEXT_DATA.has(role.format) && !ATTACK_SET.test(file.path)) scanDataset(file, context);
  },
});
