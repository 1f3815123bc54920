/** @module `aigis rules`: the rule catalogue, the source of docs/rules.md. */
import { Command, Option } from 'commander';
import { analyzers } from '../../analyzers/index.js';
import { writeOutput } from '../write-output.js';
import type { RuleFormat } from './format.js';
import { RULE_FORMATS, rulesAsJson, rulesAsMarkdown, rulesAsText } from './format.js';

const render: Record<RuleFormat, typeof rulesAsText> = { text: rulesAsText, json: rulesAsJson, markdown: rulesAsMarkdown };

export function rulesCommand(): Command {
  return new Command('rules')
    .description('List every rule with its severity, guideline principle, references and fix.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(RULE_FORMATS).default('text'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((flags: { format: RuleFormat; output?: string }) => {
      writeOutput(render[flags.format](analyzers), flags.output);
    });
}
