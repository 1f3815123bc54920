import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import type { JsRule } from '../rule.js';
import { snippet } from '../rule.js';
import { lastSegment, objectProperty, stringValue, unwrap } from '../module.js';

export const TRANSFORMERS_MODULES = ['@huggingface/transformers', '@xenova/transformers'];
export const COMMIT = /^[0-9a-f]{40}$/i;
/** Local folders and files, and URLs: not Hub repository ids. */
export const NOT_A_REPO = /^(?:\.{0,2}\/|[a-z]:[\\/]|[a-z][a-z0-9+.-]*:\/\/|~)/i;

export function transformersModule(resolved: string | undefined): boolean {
  return !!resolved && TRANSFORMERS_MODULES.some((module) => resolved === module || resolved.startsWith(`${module}.`));
}

/** The revision option: absent, a literal, or something else (a variable we cannot judge). */
export function revisionOf(options: SyntaxNode | undefined): { kind: 'absent' } | { kind: 'literal'; value: string } | { kind: 'unknown' } {
  if (!options) return { kind: 'absent' };
  const object = unwrap(options);
  if (object.type !== 'object') return { kind: 'unknown' };
  if (object.namedChildren.some((entry) => entry?.type === 'spread_element')) return { kind: 'unknown' };
  const revision = objectProperty(object, 'revision');
  if (!revision) return { kind: 'absent' };
  const value = stringValue(unwrap(revision));
  return value === undefined ? { kind: 'unknown' } : { kind: 'literal', value };
}

export const unpinnedHubDownload: JsRule = {
  meta: {
    id: 'javascript/unpinned-hub-download',
    title: 'Transformers.js model downloaded from the Hub without a pinned revision',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-494', 'CWE-829'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      "pipeline(task, 'org/model') and *.from_pretrained('org/model') from @huggingface/transformers (or @xenova/transformers) fetch whatever the repository's main branch holds at run time. Whoever controls the repository, or takes it over, can change the weights, tokenizer or config your app loads, silently and at any time. Related rules: Bandit B615 (Python).",
    fix: "Pass { revision: '<40-character commit sha>' } to pin the exact files, or download the model once, review it, and serve it from your own host with env.allowRemoteModels = false.",
  },
  check(module, report) {
    if (!TRANSFORMERS_MODULES.some((name) => module.importedModules.has(name))) return;
    // A file that turns remote models off loads only local copies.
    for (const assignment of module.assignments) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type === 'member_expression' && left.childForFieldName('property')?.text === 'allowRemoteModels' && right?.type === 'false') return;
    }
    for (const site of module.calls) {
      if (!transformersModule(site.resolved)) continue;
      const name = lastSegment(site.resolved!);
      let modelArg: SyntaxNode | undefined;
      let optionsArg: SyntaxNode | undefined;
      if (name === 'pipeline') [modelArg, optionsArg] = [site.args[1], site.args[2]];
      else if (name === 'from_pretrained') [modelArg, optionsArg] = [site.args[0], site.args[1]];
      else continue;
      const model = modelArg ? stringValue(unwrap(modelArg)) : undefined;
      if (model === undefined || model === '' || NOT_A_REPO.test(model)) continue;
      const revision = revisionOf(optionsArg);
      if (revision.kind === 'unknown') continue;
      if (revision.kind === 'literal' && COMMIT.test(revision.value)) continue;
      report({
        node: site.node,
        message:
          revision.kind === 'absent'
            ? `${site.calleeText}(...) downloads '${model}' from the Hugging Face Hub without a revision: the files it loads can change at any time`
            : `${site.calleeText}(...) downloads '${model}' at revision '${revision.value}', a branch or tag that can move: pin a 40-character commit sha`,
        evidence: snippet(site.node),
      });
    }
  },
};
