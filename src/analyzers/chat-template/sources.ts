/**
 * @module Where chat templates live and how to get them out: a GGUF's `tokenizer.chat_template[.<name>]`
 * (handed over as a member), `chat_template.jinja` and the extra templates transformers saves under
 * `additional_chat_templates/`, and the `chat_template` value of `tokenizer_config.json`,
 * `chat_template.json` and `processor_config.json` (a string, or a list of `{name, template}`).
 */
import type { FileCandidate } from '../../core/analyzer.js';

export interface TemplateText {
  /** Which template of the file: `chat_template`, a named template, or the GGUF key. */
  readonly label: string;
  readonly text: string;
}

export type TemplateSource = 'member' | 'jinja' | 'json';

const CONFIG_FILES = new Set(['tokenizer_config.json', 'chat_template.json', 'processor_config.json']);
const GGUF_TEMPLATE_MEMBER = /^tokenizer\.chat_template(?:\..+)?$/;
const TEMPLATE_FOLDERS = /(?:^|\/)(?:additional_chat_templates|chat_templates)\/[^/]+\.(?:jinja2?|j2)$/i;
const TEMPLATE_FILE = /(?:^|\/)[^/]*chat[_-]?template[^/]*\.(?:jinja2?|j2)$/i;

/** The name inside the innermost archive, or the path. */
function innermostName(file: FileCandidate): string {
  const name = file.member ?? file.path;
  return name.slice(name.lastIndexOf('!') + 1);
}

export function templateSource(file: FileCandidate): TemplateSource | undefined {
  if (file.type === 'empty') return undefined;
  const name = innermostName(file);
  if (file.member !== undefined && GGUF_TEMPLATE_MEMBER.test(name)) return 'member';
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  if (CONFIG_FILES.has(base)) return file.type === 'json' || file.type === 'text' ? 'json' : undefined;
  if (TEMPLATE_FOLDERS.test(name) || TEMPLATE_FILE.test(name)) return file.type === 'text' || file.type === 'binary' ? 'jinja' : undefined;
  return undefined;
}

export function labelOf(file: FileCandidate): string {
  return innermostName(file);
}

/** The templates of a JSON config, or why there are none to read. */
export function templatesInJson(text: string): { templates: TemplateText[]; unreadable?: string } {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return { templates: [], unreadable: `the file is not valid JSON (${(error as Error).message})` };
  }
  const value = typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>)['chat_template'] : undefined;
  if (typeof value === 'string') return { templates: [{ label: 'chat_template', text: value }] };
  if (!Array.isArray(value)) return { templates: [] };
  const templates: TemplateText[] = [];
  value.forEach((entry: unknown, i) => {
    const { name, template } = (typeof entry === 'object' && entry !== null ? entry : {}) as { name?: unknown; template?: unknown };
    if (typeof template === 'string') templates.push({ label: `chat_template '${typeof name === 'string' ? name : `#${i}`}'`, text: template });
  });
  return { templates };
}
