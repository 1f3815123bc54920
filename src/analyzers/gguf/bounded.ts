/** @module Bounds on what one GGUF file may make the analyzer hold, whatever its header declares. */

/** Real models have hundreds to a few thousand tensors and under a hundred metadata keys. */
export const MAX_TENSORS = 1_000_000;
export const MAX_METADATA_ENTRIES = 1_000_000;
/** Problems of one kind kept per file; the first one past the cap says so instead. */
export const MAX_KEPT_PROBLEMS = 10_000;

export function keep<T extends { message: string }>(list: T[], item: T, overflow: (message: string) => T): void {
  if (list.length < MAX_KEPT_PROBLEMS) list.push(item);
  else if (list.length === MAX_KEPT_PROBLEMS) list.push(overflow(`more than ${MAX_KEPT_PROBLEMS} problems of this kind; the rest were not kept`));
}
