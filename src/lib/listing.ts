/** @module One-line lists for summaries: "a, b, c and 4 more", and text cut to a length. */

/** The distinct items, at most `max` of them named, then "and N more". */
export function listSome(items: readonly string[], max = 5): string {
  const unique = [...new Set(items)];
  const shown = unique.slice(0, max).join(', ');
  return unique.length > max ? `${shown} and ${unique.length - max} more` : shown;
}

/** `text` cut to `max` characters, the last one an ellipsis when anything was cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}
