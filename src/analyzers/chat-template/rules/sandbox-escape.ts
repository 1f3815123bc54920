import type { ChatTemplateRule } from '../rule.js';
import { firstIndex, snippet } from '../rule.js';

const RENDERERS = 'a renderer without Jinja\'s sandbox (llama-cpp-python, CVE-2024-34359; SGLang, CVE-2026-5760) runs code';

export const sandboxEscape: ChatTemplateRule = {
  meta: {
    id: 'chat-template/sandbox-escape',
    title: 'Chat template reaches Python internals (template injection)',
    severity: 'critical',
    principle: '2.1',
    references: { cwe: ['CWE-1336', 'CWE-94'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
    description:
      'The Jinja chat template shipped with the model touches attributes such as `__class__`, `__mro__`, ' +
      '`__subclasses__`, `__globals__` or `__builtins__` (directly, through `|attr`, a `str.format` field, or a ' +
      'name assembled with `~`, `join`, `format`, `replace`...). No chat template needs them: they are the path ' +
      'from template data to `os.popen`. Servers that render model templates without Jinja\'s sandbox run that ' +
      'code as soon as a chat request arrives: llama-cpp-python (CVE-2024-34359, templates in GGUF metadata), ' +
      'SGLang (CVE-2026-5760, /v1/rerank) and other serving stacks in 2025-2026.',
    fix:
      'Do not load this model or its tokenizer files. Use the chat template from the original publisher (check ' +
      'the hash), render templates only with `jinja2.sandbox.ImmutableSandboxedEnvironment` (as transformers ' +
      'does), keep llama-cpp-python, SGLang and vLLM up to date, and pass a chat template you reviewed.',
  },
  check(template, report) {
    for (const expression of template.expressions ?? []) {
      if (expression.escapes.size === 0) continue;
      const names = [...expression.escapes.keys()];
      const hows = [...new Set([...expression.escapes.values()].flatMap((set) => [...set]))];
      const from = expression.gadget ? `, starting from the Jinja global '${expression.gadget}'` : '';
      report({
        message: `The ${template.label} reaches Python internals (${names.join(', ')}) through ${hows.join(', ')}${from}: ${RENDERERS}.`,
        evidence: expression.evidence,
        ...withPosition(template.locate(template.text.indexOf(names[0]!), names[0])),
      });
    }
    const tokens = template.tokens;
    if (tokens && tokens.escapes.size > 0) {
      const names = [...tokens.escapes.keys()];
      const first = firstIndex(tokens.escapes);
      report({
        message: `The ${template.label} names Python internals (${names.join(', ')}) in its code: ${RENDERERS}.`,
        evidence: snippet(template.text, first),
        ...withPosition(template.locate(first, names[0])),
      });
    }
  },
};

function withPosition<T>(position: T | undefined): { position?: T } {
  return position === undefined ? {} : { position };
}
