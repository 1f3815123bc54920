/** @module The machine's own error: the stream is not a well-formed pickle at `offset`. */
export class PickleError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
