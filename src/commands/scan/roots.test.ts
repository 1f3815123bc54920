import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../../../test/support/tree.js';
import { UsageError } from '../usage-error.js';
import { resolveScanRoots } from './roots.js';

const root = makeTree({ 'a/b/model.pkl': '', 'a/c.txt': '', 'd/e.txt': '', 'link': { symlink: 'a' } });
afterAll(() => removeTree(root));

describe('resolveScanRoots', () => {
  it('uses a single folder as the scan root and project', () => {
    expect(resolveScanRoots(['a'], root)).toEqual({ scanRoot: join(root, 'a'), roots: [join(root, 'a')], projectRoots: [''] });
  });

  it('uses the folder of a single file, which is no project', () => {
    expect(resolveScanRoots(['a/c.txt'], root)).toEqual({ scanRoot: join(root, 'a'), roots: [join(root, 'a', 'c.txt')], projectRoots: [] });
  });

  it('takes the common folder of several paths, and drops paths inside another or given twice', () => {
    expect(resolveScanRoots(['a', 'a/b', 'a/b/model.pkl', 'd', 'link'], root)).toEqual({
      scanRoot: root,
      roots: [join(root, 'a'), join(root, 'd')],
      projectRoots: ['a', 'd'],
    });
  });

  it('says which path does not exist', () => {
    expect(() => resolveScanRoots(['a', 'nope'], root)).toThrow(new UsageError('path not found: nope'));
  });
});
