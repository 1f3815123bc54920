import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT, conformanceReport } from '../../../test/support/conformance-report.js';
import { conformanceJsonReporter } from './conformance.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/conformance.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

describe('conformance JSON report', () => {
  it('validates against schemas/conformance.schema.json, hostile text included', () => {
    for (const report of [conformanceReport(), conformanceReport(HOSTILE_TEXT)]) {
      const json = JSON.parse(conformanceJsonReporter(report, { color: false })) as unknown;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json).toEqual(JSON.parse(JSON.stringify(report)));
    }
  });

  it('is rejected by the schema when a status or strength is not one of the documented values', () => {
    const json = JSON.parse(conformanceJsonReporter(conformanceReport(), { color: false })) as { principles: { status: string; checks: { evidence: { strength: string }[] }[] }[] };
    json.principles[0]!.status = 'passed';
    expect(validate(json)).toBe(false);
  });
});
