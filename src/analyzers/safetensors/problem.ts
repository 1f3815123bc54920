/** @module A problem found in a safetensors file, and the bounded list that collects them. */

export interface Problem {
  readonly message: string;
  readonly evidence?: string;
  readonly offset?: number;
}

/** A hostile header can hold a million bad entries; more problems than this are not kept. */
export const MAX_KEPT_PROBLEMS = 10_000;

/** Adds a problem unless the list is full; the first one past the cap says so instead. */
export function addProblem(list: Problem[], problem: Problem): void {
  if (list.length < MAX_KEPT_PROBLEMS) list.push(problem);
  else if (list.length === MAX_KEPT_PROBLEMS) list.push({ message: `more than ${MAX_KEPT_PROBLEMS} problems of this kind; the rest were not kept` });
}
