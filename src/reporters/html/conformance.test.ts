import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXT, conformanceReport } from '../../../test/support/conformance-report.js';
import { conformanceAnchor } from './conformance.js';
import { CONTENT_SECURITY_POLICY, renderConformanceHtml, renderHtml } from './index.js';
import { realisticReport } from './test-support/fixtures.js';

describe('conformance HTML', () => {
  it('is a self-contained page under the same CSP, with a row and a section per principle', () => {
    const page = renderConformanceHtml(conformanceReport());
    expect(page).toContain(`content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}"`);
    expect(page).not.toMatch(/<(?:link|img|iframe)\b|src=|https?:\/\/[^"]*\.(?:js|css)\b/);
    const rows = page.match(/<tr><td><a href="#principle-\d-\d">/g) ?? [];
    expect(rows).toHaveLength(17);
    for (const id of ['1.1', '2.4', '4.4']) expect(page).toContain(`id="${conformanceAnchor(id)}"`);
    expect(page).toContain('<span class="status-badge conf-met">met</span><span>4.4 Collect and share lessons learned</span>');
    expect(page).toContain('<p>Not applicable: Short-lived prototype</p>');
    expect(page).toContain('<span class="kind">control falls short</span>⚠ .github/dependabot.yml updates npm');
    expect(page).toContain('falls short: no entry for pip (SECURITY.md)');
    expect(page).toContain('<strong>1 met, 3 partial, 12 missing, 1 not applicable.</strong>');
  });

  it('escapes text from the project', () => {
    const page = renderConformanceHtml(conformanceReport(HOSTILE_TEXT));
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.match(/<script>/g)).toHaveLength(1); // the report's own, pinned by hash
  });

  it('is a section of the scan report, linked from its table of contents, when the scan passes it', () => {
    const withView = renderHtml({ ...realisticReport(), conformance: conformanceReport() });
    expect(withView).toContain('<a href="#conformance">Conformance (1 of 17 met)</a>');
    expect(withView).toContain('<h2 id="conformance">Guideline conformance</h2>');
    expect(withView.indexOf('id="conformance"')).toBeLessThan(withView.indexOf('id="findings"'));
    const without = renderHtml(realisticReport());
    expect(without).not.toContain('#conformance');
  });
});
