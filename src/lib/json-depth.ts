/** @module A cheap guard before a recursive JSON (or flow-YAML) parser: how deep its brackets nest. */

/** The deepest `{`/`[` nesting outside double-quoted strings. Linear, no allocation. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) max = Math.max(max, ++depth);
    else if (ch === 0x7d || ch === 0x5d) depth = Math.max(0, depth - 1);
  }
  return max;
}
