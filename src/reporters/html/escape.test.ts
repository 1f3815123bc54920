import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, link, safeHref, token } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves no <, >, " or \' and no bare & in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      }),
    );
  });
});

describe('html', () => {
  it('makes control, bidi and line/paragraph separator characters visible', () => {
    expect(html('a\u0000b\u202ec\u2028d\u2029e\nf')).toBe('a\\x00b\\u202ec\\u2028d\\u2029e\\nf');
  });

  it('escapes markup', () => {
    expect(html('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('safeHref', () => {
  it.each([
    'https://cwe.mitre.org/data/definitions/502.html',
    'http://example.com/',
    'https://atlas.mitre.org/techniques/AML.T0010.003',
  ])('accepts %s', (url) => {
    expect(safeHref(url)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'javascript://%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/',
    '/relative/path',
    'relative',
    'https:evil.example',
    'https://ok.example/ space',
    '',
  ])('rejects %j', (url) => {
    expect(safeHref(url)).toBeUndefined();
  });

  it('rejects undefined', () => {
    expect(safeHref(undefined)).toBeUndefined();
  });

  it('returns nothing but http(s) URLs for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => `javascript:${s}`)), (url) => {
        const href = safeHref(url);
        if (href !== undefined) expect(href).toMatch(/^https?:\/\/[^\s]/);
      }),
    );
  });
});

describe('link', () => {
  it('links only http(s) URLs and escapes both the label and the href', () => {
    expect(link('CWE-502', 'https://cwe.mitre.org/data/definitions/502.html')).toBe(
      '<a href="https://cwe.mitre.org/data/definitions/502.html" rel="noopener noreferrer" target="_blank">CWE-502</a>',
    );
    expect(link('<b>x</b>', 'javascript:alert(1)')).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(link('x', 'https://e.example/?q="><img>')).toBe(
      '<a href="https://e.example/?q=&quot;&gt;&lt;img&gt;" rel="noopener noreferrer" target="_blank">x</a>',
    );
  });

  it('never puts anything but an http(s) URL in an href', () => {
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => `javascript:${s}`)), (label, url) => {
        const out = link(label, url);
        for (const match of out.matchAll(/href="([^"]*)"/g)) expect(match[1]).toMatch(/^https?:\/\//);
        expect(out.match(/</g)?.length ?? 0).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('token', () => {
  it('keeps ids safe for attributes and anchors', () => {
    expect(token('security-docs/missing-security-policy')).toBe('security-docs_missing-security-policy');
    expect(token('"><x')).toBe('___x');
  });
});
