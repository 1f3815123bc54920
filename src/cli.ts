#!/usr/bin/env node
/** @module The aigis command line. Any error becomes one line on stderr and an exit code. */
import { Command, CommanderError } from 'commander';
import { bomCommand } from './commands/bom/index.js';
import { checkCommand } from './commands/check/index.js';
import { initCommand } from './commands/init/index.js';
import { keygenCommand } from './commands/keygen/index.js';
import { rulesCommand } from './commands/rules/index.js';
import { scanCommand } from './commands/scan/index.js';
import { signCommand } from './commands/sign/index.js';
import { UsageError } from './commands/usage-error.js';
import { verifyCommand } from './commands/verify/index.js';
import { AIGIS_VERSION } from './commands/version.js';
import { BaselineError } from './core/policy/baseline.js';
import { ConfigError } from './core/config/config-error.js';
import { EXIT_INCOMPLETE } from './core/policy/exit-code.js';

function oneLine(text: string): string {
  return text
    .replace(/^error: /i, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\.$/, '');
}

/** Commander errors become "aigis: <what was wrong>; run 'aigis help <command>' for usage". */
function configure(command: Command, path: string): Command {
  return command.exitOverride().configureOutput({
    outputError: (text, write) => write(`aigis: ${oneLine(text)}. Run "aigis help${path ? ` ${path}` : ''}" for usage.\n`),
  });
}

// A reader that goes away (`aigis rules | head`) is not an error: stop quietly, as command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const program = configure(new Command('aigis'), '')
  .description('Check AI projects and model artifacts against the NCSC/CISA Guidelines for Secure AI System Development.')
  .version(AIGIS_VERSION, '-v, --version', 'print the version')
  .showSuggestionAfterError(true);
program.addCommand(configure(scanCommand(), 'scan'));
program.addCommand(configure(checkCommand(), 'check'));
program.addCommand(configure(bomCommand(), 'bom'));
program.addCommand(configure(rulesCommand(), 'rules'));
program.addCommand(configure(keygenCommand(), 'keygen'));
program.addCommand(configure(signCommand(), 'sign'));
program.addCommand(configure(verifyCommand(), 'verify'));
program.addCommand(configure(initCommand(), 'init'));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version end parsing with an "error" of exit code 0; anything else is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_INCOMPLETE;
  } else if (error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError) {
    process.stderr.write(`aigis: ${error.message}\n`);
    process.exitCode = EXIT_INCOMPLETE;
  } else {
    const detail = error instanceof Error ? (process.env['AIGIS_DEBUG'] ? error.stack : error.message) : String(error);
    process.stderr.write(`aigis: internal error: ${detail}. Please report it; AIGIS_DEBUG=1 shows the stack.\n`);
    process.exitCode = EXIT_INCOMPLETE;
  }
}
