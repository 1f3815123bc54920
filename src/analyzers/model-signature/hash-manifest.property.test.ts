import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHashManifestName, MAX_ENTRIES, parseHashManifest, safeName } from './hash-manifest.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Manifest-shaped soup: digests, separators, names with traversal, escapes and control characters. */
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom(HEX, HEX.toUpperCase(), HEX.slice(0, 63), '  ', ' *', ' ', '\n', '\r\n', '\\', 'SHA256 (', ') = ', '# comment', './', '../', '/', 'C:\\', 'model.safetensors', 'a/b.bin', '\u0000', '\u202e'),
      fc.string({ maxLength: 10 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('hash manifest parser on hostile input', () => {
  it('never throws, finishes quickly and keeps only names inside the folder with 64-hex digests', () => {
    fc.assert(
      fc.property(soup, fc.constantFrom('SHA256SUMS', 'model.gguf.sha256', 'checksums.txt'), (text, name) => {
        const started = Date.now();
        const parsed = parseHashManifest(text, name);
        for (const entry of parsed.entries) {
          expect(entry.digest).toMatch(/^[0-9a-f]{64}$/);
          expect(entry.name).not.toMatch(/^\/|^[A-Za-z]:|(?:^|\/)\.\.(?:\/|$)|\u0000|\n/);
          expect(entry.name.split('/')).not.toContain('');
          expect(safeName(entry.name)).toBe(entry.name);
        }
        expect(parsed.entries.length).toBeLessThanOrEqual(MAX_ENTRIES);
        expect(Date.now() - started).toBeLessThan(200);
      }),
      { numRuns: 400 },
    );
  });

  it('reads the GNU, binary-mode, escaped, BSD and bare forms', () => {
    const text = [`${HEX}  model.safetensors`, `${HEX.toUpperCase()} *sub/dir/w.bin`, `\\${HEX}  odd\\\\name`, `SHA256 (tok.json) = ${HEX}`, `${HEX}  ../escape`, 'garbage line', '# comment', ''].join('\r\n');
    expect(parseHashManifest(text, 'SHA256SUMS')).toEqual({
      entries: [
        { name: 'model.safetensors', digest: HEX },
        { name: 'sub/dir/w.bin', digest: HEX },
        // A backslash is read as a folder separator (manifests written on Windows).
        { name: 'odd/name', digest: HEX },
        { name: 'tok.json', digest: HEX },
      ],
      malformed: 1,
      unsafe: 1,
      truncated: false,
    });
    expect(parseHashManifest(`${HEX}\n`, 'model.gguf.sha256').entries).toEqual([{ name: 'model.gguf', digest: HEX }]);
    expect(parseHashManifest(`${HEX}\n`, 'SHA256SUMS')).toMatchObject({ entries: [], malformed: 1 });
  });

  it('stops at the entry cap and stays linear on huge input', () => {
    const started = Date.now();
    const many = `${HEX}  f\n`.repeat(MAX_ENTRIES + 5);
    expect(parseHashManifest(many, 'SHA256SUMS')).toMatchObject({ truncated: true });
    expect(parseHashManifest(many, 'SHA256SUMS').entries).toHaveLength(MAX_ENTRIES);
    parseHashManifest('a'.repeat(1_000_000), 'SHA256SUMS');
    parseHashManifest(`${HEX} ${'x'.repeat(1_000_000)}`, 'SHA256SUMS');
    parseHashManifest('\n'.repeat(1_000_000), 'SHA256SUMS');
    parseHashManifest(`SHA256 (${')'.repeat(200_000)} = x`, 'SHA256SUMS');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('knows hash manifests by name', () => {
    expect(['SHA256SUMS', 'sha256sums.txt', 'checksums.txt', 'model.safetensors.sha256', 'SHA256SUMS.txt'].every(isHashManifestName)).toBe(true);
    expect(['requirements.txt', 'model.sig', 'sums.md5', 'checksums.md'].some(isHashManifestName)).toBe(false);
  });
});
