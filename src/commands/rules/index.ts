/** @module `aigis rules`: the rule catalogue, the source of docs/rules.md. */
import { Command, Option } from 'commander';
import { writeOutput } from '../write-output.js';
import type { RuleFormat } from './format.js';
import { RULE_FORMATS } from './format.js';

export function rulesCommand(): Command {
  return new Command('rules')
    .description('List every rule with its severity, guideline principle, references and fix.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(RULE_FORMATS).default('text'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (flags: { format: RuleFormat; output?: string }) => {
      // The catalogue needs every analyzer: loaded only when this command runs.
      const [{ analyzers }, format] = await Promise.all([import('../../analyzers/index.js'), import('./format.js')]);
      const render = { text: format.rulesAsText, json: format.rulesAsJson, markdown: format.rulesAsMarkdown };
      writeOutput(render[flags.format](analyzers), flags.output);
    });
}
