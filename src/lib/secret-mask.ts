/**
 * @module How a secret is shown in a report: its public prefix at most (the `sk-proj-` of an OpenAI key, the
 * `ghp_` of a GitHub token), then its length. At least 12 characters are always hidden, so a short password
 * shows nothing of itself. Every analyzer that reports a secret masks it here, so they all hide the same.
 */

/** Characters always hidden, whatever the prefix. */
const ALWAYS_HIDDEN = 12;

/** `secret` as a report may show it; `publicPrefix` is how many leading characters are a format's public marker. */
export function maskSecret(secret: string, publicPrefix = 0): string {
  // A span that is all public (a PEM header alone) hides nothing.
  if (publicPrefix >= secret.length) return secret;
  const shown = Math.max(0, Math.min(publicPrefix, secret.length - ALWAYS_HIDDEN));
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}
