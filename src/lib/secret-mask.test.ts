import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecret } from './secret-mask.js';

describe('maskSecret', () => {
  it('shows a public prefix and the length, never a short secret', () => {
    expect(maskSecret('sk-proj-abcdefghijklmnopqrstuvwxyz', 8)).toBe('sk-proj-…(34 chars)');
    expect(maskSecret('hunter22')).toBe('…(8 chars)');
    expect(maskSecret('hunter22', 4)).toBe('…(8 chars)');
    expect(maskSecret('-----BEGIN PRIVATE KEY-----', 40)).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('hides at least 12 characters of any secret (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat(60), (secret, prefix) => {
        const masked = maskSecret(secret, prefix);
        if (prefix >= secret.length) return;
        const shown = masked.slice(0, masked.lastIndexOf('…('));
        expect(secret.startsWith(shown)).toBe(true);
        expect(secret.length - shown.length).toBeGreaterThanOrEqual(Math.min(12, secret.length));
      }),
    );
  });
});
