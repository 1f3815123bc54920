import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT, conformanceReport } from '../../../test/support/conformance-report.js';
import { escapeMarkdown, renderConformanceMarkdown } from './conformance.js';

describe('conformance Markdown report', () => {
  const markdown = renderConformanceMarkdown(conformanceReport());

  it('has a table row per principle and a section per principle, by area', () => {
    const rows = markdown.split('\n').filter((line) => /^\| \d\.\d /.test(line));
    expect(rows).toHaveLength(17);
    expect(rows[0]).toMatch(/^\| 1\.1 Raise staff awareness of threats and risks \| ❌ missing \| — \| 0 \| Add an AI section/);
    expect(markdown).toContain('| 4.4 Collect and share lessons learned | ✅ met | 1 verified, 2 documents | 0 |  |');
    expect(markdown).toContain('### 2.4 Manage your technical debt: ➖ not applicable');
    expect(markdown).toContain('## 3 Secure deployment');
    expect(markdown).toContain('- ⚠️ *control falls short*: .github/dependabot.yml updates npm — no entry for pip \\(SECURITY.md\\)');
    expect(markdown).toContain('**1 met, 3 partial, 12 missing, 1 not applicable.**');
  });

  it('cannot be given markup, links, images or extra table cells by text from the project', () => {
    const hostile = renderConformanceMarkdown(conformanceReport(HOSTILE_TEXT));
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('<img');
    expect(hostile).not.toMatch(/[^\\]!\[x\]/);
    expect(hostile).not.toMatch(/[^\\]\]\(javascript:/);
    expect(hostile).not.toContain('\n# heading');
    const row = hostile.split('\n').find((line) => line.startsWith('| 2.4 '))!;
    // Five cells: the hostile reason's "|" is escaped.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });

  it('escapes so that no character of the input is left able to start markup (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.toMatch(/[\n\r<>]/);
        expect(escaped).not.toMatch(/(?<!\\)[|`*_[\]]/);
      }),
      { numRuns: 500 },
    );
  });
});
