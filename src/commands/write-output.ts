/** @module Writes a command's output to a file or stdout, with an error that says what to do. */
import { writeFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export function writeOutput(text: string, output: string | undefined): void {
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'create its folder first' : code === 'EACCES' ? 'choose a writable location' : 'check the path';
    throw new UsageError(`cannot write ${output} (${code ?? String(error)}); ${hint}`);
  }
}
