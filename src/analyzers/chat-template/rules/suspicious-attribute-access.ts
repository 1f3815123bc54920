import type { ChatTemplateRule } from '../rule.js';
import { firstIndex, snippet } from '../rule.js';

export const suspiciousAttributeAccess: ChatTemplateRule = {
  meta: {
    id: 'chat-template/suspicious-attribute-access',
    title: 'Chat template looks up attributes by computed or private names',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-1336'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'The chat template reads an attribute whose name is only known at render time (`|attr(name)`, an item ' +
      'key or a format string built with `~`, `join`, `format` or `replace` from parts aigis cannot resolve), ' +
      'a private attribute (`._something`), or uses a dunder name as a variable. Real chat templates index ' +
      'messages with fixed keys; hiding the name is how injection payloads slip past scanners that look for ' +
      '`__class__` and friends.',
    fix:
      'Read the template and replace computed lookups with fixed keys (`message[\'content\']`). If the template ' +
      'came with a downloaded model, take the publisher\'s original, render only in ' +
      '`jinja2.sandbox.ImmutableSandboxedEnvironment`, and keep the serving stack patched.',
  },
  check(template, report) {
    for (const expression of template.expressions ?? []) {
      if (expression.escapes.size > 0 || expression.suspicious.size === 0) continue;
      report({ message: `The ${template.label} uses ${[...expression.suspicious].join('; ')}.`, evidence: expression.evidence });
    }
    const tokens = template.tokens;
    // Next to a plain escape, the same template's suspicious lookups add nothing.
    if (tokens && tokens.suspicious.size > 0 && tokens.escapes.size === 0) {
      const first = firstIndex(tokens.suspicious);
      const position = template.locate(first);
      report({
        message: `The ${template.label} uses ${[...tokens.suspicious.keys()].join('; ')}.`,
        evidence: snippet(template.text, first),
        ...(position === undefined ? {} : { position }),
      });
    }
  },
};
