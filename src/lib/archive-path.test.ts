import { describe, expect, it } from 'vitest';
import { escapingLinkReason, escapingPathReason, LinkPaths, normalisedPath } from './archive-path.js';

describe('escapingPathReason', () => {
  it.each([
    ['../x', /climb out/],
    ['a/../../x', /climb out/],
    ['..\\..\\x', /with backslashes/],
    ['/etc/passwd', /absolute/],
    ['\\\\server\\share\\x', /absolute/],
    ['C:/Windows/x', /drive letter/],
    ['c:x', /drive letter/],
  ])('flags %s', (name, reason) => {
    expect(escapingPathReason(name)).toMatch(reason);
  });

  it.each(['a/b.txt', 'a/../b.txt', './a/./b', 'a//b', '..a/b', 'a/..b', 'models/x:y'])('lets %s through', (name) => {
    expect(escapingPathReason(name)).toBeUndefined();
  });
});

describe('escapingLinkReason', () => {
  it('resolves symlinks from the entry folder and hard links from the root', () => {
    expect(escapingLinkReason('models/link', '../weights.bin', 'symlink')).toBeUndefined();
    expect(escapingLinkReason('models/link', '../../weights.bin', 'symlink')).toMatch(/resolves outside/);
    expect(escapingLinkReason('models/link', '../weights.bin', 'hardlink')).toMatch(/resolves outside/);
    expect(escapingLinkReason('link', '/etc', 'symlink')).toMatch(/absolute/);
    expect(escapingLinkReason('link', 'D:\\x', 'symlink')).toMatch(/drive letter/);
  });
});

describe('path helpers', () => {
  it('finds entries written through a link, by path segments', () => {
    const links = new LinkPaths();
    expect(links.through('etc/passwd')).toBeUndefined();
    links.add('./etc');
    links.add('models\\up');
    expect(links.through('etc/passwd')).toBe('./etc');
    expect(links.through('models/up/x/y')).toBe('models\\up');
    expect(links.through('etc')).toBeUndefined();
    expect(links.through('etcetera/x')).toBeUndefined();
    expect(normalisedPath('./a//b\\c/')).toBe('a/b/c');
  });
});
