import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileType } from '../../core/file-type.js';
import { classifyDocument, isProjectDocument, isUnderSecurityDocs } from './classify.js';

const NO_SETTINGS = { securityPolicy: [], threatModel: [], incidentResponse: [] };
const kindOf = (path: string, type: FileType = 'markdown') => classifyDocument(path, type, NO_SETTINGS)?.kind;

describe('classifyDocument', () => {
  it('keeps the existing kinds first', () => {
    expect(kindOf('SECURITY.md')).toBe('security-policy');
    expect(kindOf('docs/security/threat-model.md')).toBe('threat-model');
    expect(kindOf('docs/security/incident-response.md')).toBe('incident-response');
    expect(kindOf('docs/runbooks/model-retirement.md')).toBe('incident-response');
    expect(kindOf('docs/adr/0004-threat-model-format.md')).toBe('threat-model');
  });

  it.each([
    ['CONTRIBUTING.md', 'guidance'],
    ['.github/CONTRIBUTING.md', 'guidance'],
    ['docs/contributing.rst', 'guidance'],
    ['docs/security/overview.md', 'guidance'],
    ['docs/security/ai/prompts.md', 'guidance'],
    ['ACCEPTABLE_USE.md', 'user-guidance'],
    ['USAGE_POLICY.md', 'user-guidance'],
    ['RESPONSIBLE_AI.md', 'user-guidance'],
    ['responsible-use.md', 'user-guidance'],
    ['docs/acceptable-use.md', 'user-guidance'],
    ['docs/guides/limitations.md', 'user-guidance'],
    ['docs/data-use-policy.md', 'user-guidance'],
    ['docs/privacy.md', 'user-guidance'],
    ['docs/security/acceptable-use.md', 'user-guidance'],
    ['docs/adr/0002-use-gpt-4o.md', 'decision-record'],
    ['docs/decisions/0001-record.md', 'decision-record'],
    ['doc/adr/0001-x.md', 'decision-record'],
    ['adr/0001-x.md', 'decision-record'],
    ['docs/model-lifecycle.md', 'lifecycle'],
    ['docs/ops/decommissioning.md', 'lifecycle'],
    ['services/api/docs/adr/0001-x.md', 'decision-record'],
  ])('%s is %s', (path, kind) => {
    expect(kindOf(path)).toBe(kind);
  });

  it.each(['README.md', 'docs/usage.md', 'src/contributing.ts', 'privacy.md', 'docs/adr/0001.txt', 'lifecycle.md', 'docs/adr/diagram.png'])('%s is none of them', (path) => {
    expect(kindOf(path, path.endsWith('.md') ? 'markdown' : path.endsWith('.txt') ? 'text' : 'unknown')).toBeUndefined();
  });

  it('takes only prose files', () => {
    expect(kindOf('CONTRIBUTING.md', 'json')).toBeUndefined();
    expect(kindOf('docs/adr/0001.md', 'text')).toBeUndefined();
  });

  it('says where documents count for a project', () => {
    expect(isProjectDocument('', 'CONTRIBUTING.md', 'guidance')).toBe(true);
    expect(isProjectDocument('', 'vendor/lib/CONTRIBUTING.md', 'guidance')).toBe(false);
    expect(isProjectDocument('svc', 'svc/docs/adr/1.md', 'decision-record')).toBe(true);
    expect(isProjectDocument('svc', 'other/docs/adr/1.md', 'decision-record')).toBe(false);
    expect(isUnderSecurityDocs('svc', 'svc/docs/security/x.md')).toBe(true);
    expect(isUnderSecurityDocs('', 'docs/securityx.md')).toBe(false);
  });

  it('never throws on arbitrary paths', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9._ -]{0,12}$/), { maxLength: 8 }), (parts) => {
        const path = parts.join('/');
        classifyDocument(path, 'markdown', NO_SETTINGS);
        isProjectDocument('', path, 'user-guidance');
      }),
      { numRuns: 500 },
    );
  });
});
