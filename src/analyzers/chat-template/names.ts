/**
 * @module Which attribute names take a Jinja template out of its data and into Python's object graph. No
 * chat template needs any of them: they are what server-side template injection payloads walk
 * (`''.__class__.__mro__[1].__subclasses__()`, `lipsum.__globals__['os']`, `cycler.__init__.__globals__`).
 * Jinja's sandbox refuses every attribute that starts with an underscore, plus the frame and code attributes
 * listed here; a renderer without the sandbox (CVE-2024-34359, CVE-2026-5760) refuses none.
 */

/** Attributes without underscores that still reach frames, code or globals (Jinja's UNSAFE_* sets and kin). */
const DANGEROUS_PLAIN = new Set([
  'func_globals', 'func_code', 'func_closure', 'func_dict', 'im_func', 'im_self', 'im_class',
  'gi_frame', 'gi_code', 'gi_yieldfrom', 'cr_frame', 'cr_code', 'cr_await', 'ag_frame', 'ag_code', 'ag_await',
  'f_globals', 'f_locals', 'f_builtins', 'f_back', 'f_code', 'tb_frame', 'tb_next', 'co_code', 'mro',
]);

/** Jinja globals and Flask context objects that payloads start from to reach `__globals__`. */
export const GADGET_ROOTS = new Set(['lipsum', 'cycler', 'joiner', 'namespace', 'self', 'config', 'request', 'url_for', 'get_flashed_messages', 'range', 'dict', 'g', 'session']);

/**
 * The Python internals payloads name. Inside a longer string (a format string, an assembled or split name)
 * only these count: special tokens such as `<__media__>` also look like dunders.
 */
const PYTHON_INTERNALS = [
  'class', 'mro', 'base', 'bases', 'subclasses', 'globals', 'builtins', 'init', 'import', 'getattribute', 'getattr',
  'setattr', 'delattr', 'dict', 'code', 'closure', 'func', 'self', 'module', 'loader', 'spec', 'reduce', 'reduce_ex',
  'getitem', 'call', 'new', 'qualname', 'name', 'weakref', 'traceback', 'objclass', 'wrapped', 'defaults', 'kwdefaults',
  'subclasshook', 'init_subclass', 'file', 'path', 'package', 'cached', 'get', 'set',
];
const INSIDE = new RegExp(
  `__(?:${PYTHON_INTERNALS.join('|')})__|\\b(?:func_globals|func_code|f_globals|f_locals|f_builtins|gi_frame|gi_code|cr_frame|co_code)\\b|_TemplateReference__context`,
  'g',
);

const DUNDER = /^__[A-Za-z0-9_]*[A-Za-z0-9]__$/;

/** True for a name that reaches Python internals when used as an attribute. */
export function isDangerousName(name: string): boolean {
  return DUNDER.test(name) || DANGEROUS_PLAIN.has(name) || /^_[A-Za-z]+__[A-Za-z]/.test(name);
}

/** A name the sandbox refuses because it is private, but that is not a known escape on its own. */
export function isPrivateName(name: string): boolean {
  return name.startsWith('_') && !isDangerousName(name);
}

/** The Python internals named inside a longer string, in order of appearance, without repeats. */
export function dangerousNamesIn(text: string): string[] {
  return [...new Set(text.match(INSIDE) ?? [])];
}
