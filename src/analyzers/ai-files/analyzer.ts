/**
 * @module ai-files: prompt files and dataset files, recognised by where they sit and what they are named, and
 * recorded as assets for the inventory (`aigis bom` hashes them). Their content is not read here: a dataset
 * can be gigabytes, and the inventory needs only what and where.
 */
import type { FileCandidate } from '../../core/analyzer.js';
import { defineAnalyzer } from '../../core/analyzer.js';

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

export const aiFilesAnalyzer = defineAnalyzer({
  id: 'ai-files',
  version: '1',
  description: 'Records prompt files (prompts/ folders, *.prompt, system_prompt.*) and dataset files (data/ folders, Parquet, Arrow) as assets for the AI inventory.',
  rules: [],
  claims: (file) => roleOf(file) !== undefined,
  analyzeFile(file, context) {
    const role = roleOf(file);
    if (!role) return;
    context.asset({ kind: role.kind, name: file.path, properties: { source: 'file', format: role.format, size: String(file.size) } });
  },
});
