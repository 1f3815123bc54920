import { describe, expect, it } from 'vitest';
import type { FileRecord } from '../file-record.js';
import { createFinding, fingerprintFindings } from '../finding.js';
import { exitCodeFor } from './exit-code.js';

const medium = fingerprintFindings([
  createFinding({ id: 'a/b', title: 't', severity: 'medium', principle: '2.1', references: {}, description: 'd', fix: 'f' }, { message: 'm', location: { path: 'x' } }),
]);
const scanned: FileRecord = { path: 'x', type: 'pickle', status: 'scanned' };
const inconclusive: FileRecord = { path: 'y', type: 'pickle', status: 'inconclusive', reason: 'timed out' };

describe('exitCodeFor', () => {
  it('is 0 below the threshold and 1 at or above it', () => {
    expect(exitCodeFor({ findings: medium, files: [scanned], notices: [], failOn: 'high', allowInconclusive: false })).toBe(0);
    expect(exitCodeFor({ findings: medium, files: [scanned], notices: [], failOn: 'medium', allowInconclusive: false })).toBe(1);
  });

  it('is 2 when a file was not fully analysed, unless that is explicitly allowed', () => {
    expect(exitCodeFor({ findings: [], files: [scanned, inconclusive], notices: [], failOn: 'high', allowInconclusive: false })).toBe(2);
    expect(exitCodeFor({ findings: medium, files: [inconclusive], notices: [], failOn: 'low', allowInconclusive: true })).toBe(1);
    expect(exitCodeFor({ findings: [], files: [inconclusive], notices: [], failOn: 'low', allowInconclusive: true })).toBe(0);
  });

  it('is 2 when an analyzer failed on the project', () => {
    expect(exitCodeFor({ findings: [], files: [], notices: [{ level: 'error', message: 'x failed' }], failOn: 'high', allowInconclusive: false })).toBe(2);
  });
});
