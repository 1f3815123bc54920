#!/usr/bin/env node
// Regenerates the files that are derived from code: docs/rules.md, docs/conformance.md and
// schemas/aigis-config.schema.json.
// Run `npm run docs` after changing a rule or a setting; a test fails while either is stale.
import { writeFileSync } from 'node:fs';
import { analyzers } from '../dist/analyzers/index.js';
import { checksAsMarkdown } from '../dist/commands/check/format.js';
import { rulesAsMarkdown } from '../dist/commands/rules/format.js';
import { buildConfigSchema } from '../dist/core/config/schema.js';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/rules.md', root), rulesAsMarkdown(analyzers));
writeFileSync(new URL('docs/conformance.md', root), checksAsMarkdown());
writeFileSync(new URL('schemas/aigis-config.schema.json', root), `${JSON.stringify(buildConfigSchema(analyzers), null, 2)}\n`);
console.log('wrote docs/rules.md, docs/conformance.md and schemas/aigis-config.schema.json');
