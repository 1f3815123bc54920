/** @module An error the user can fix by changing the command line; the CLI prints it as one line and exits 2. */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
