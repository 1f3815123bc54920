/**
 * @module Which `${{ }}` contexts carry text that someone outside the repository chooses: issue and pull
 * request titles and bodies, comments, reviews, commit messages and authors, branch names, wiki page names.
 * The list follows GitHub's own guidance on untrusted input in workflows.
 */

const UNTRUSTED: readonly [RegExp, string][] = [
  [/\bgithub\.event\.(issue|pull_request|discussion)\.(title|body)\b/, 'the author of the issue, pull request or discussion'],
  [/\bgithub\.event\.(comment|review|review_comment)\.body\b/, 'any commenter'],
  [/\bgithub\.event\.pages\.(\*|\d+)\.page_name\b/, 'any wiki editor'],
  [/\bgithub\.event\.(head_commit|commits\.(\*|\d+))\.(message|author\.(email|name)|committer\.(email|name))\b/, 'the commit author'],
  [/\bgithub\.event\.pull_request\.head\.(ref|label|repo\.default_branch)\b/, 'the pull request author, who names the branch'],
  [/\bgithub\.head_ref\b/, 'the pull request author, who names the branch'],
  [/\bgithub\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)|committer\.(email|name))|pull_requests\.(\*|\d+)\.head\.ref)\b/, 'the author of the branch that triggered the run'],
  // Whole objects, serialised with toJSON or format: they contain the fields above.
  [/\bgithub\.event(\.(issue|pull_request|discussion|comment|review|review_comment|head_commit|commits|workflow_run|pages))?\s*(\)|,|$)/, 'outside contributors (it serialises a whole event object)'],
];

/** Normalises `github.event['issue']["title"]` and `commits[0]` to dotted form, lower-cased. */
function normalise(expression: string): string {
  return expression
    .toLowerCase()
    .replace(/\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/g, (_all, single?: string, double?: string) => `.${single ?? double}`)
    .replace(/\[\s*(\*|\d+)\s*\]/g, '.$1');
}

export interface UntrustedUse {
  /** The context as written in the expression. */
  readonly context: string;
  readonly controlledBy: string;
}

/** The first attacker-controlled context an expression reads, if any. */
export function untrustedContext(expression: string): UntrustedUse | undefined {
  const text = normalise(expression);
  for (const [pattern, controlledBy] of UNTRUSTED) {
    const match = pattern.exec(text);
    if (match) return { context: match[0].replace(/[\s),]+$/, ''), controlledBy };
  }
  return undefined;
}
