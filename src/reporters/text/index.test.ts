import { describe, expect, it } from 'vitest';
import { createFinding, fingerprintFindings } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import { buildScanReport } from '../../core/scan-report.js';
import { textReporter } from './index.js';

const rule = (id: string, severity: RuleMeta['severity']): RuleMeta => ({
  id, title: `Title ${id}`, severity, principle: '2.1', references: {}, description: 'd', fix: `Fix for ${id}.`,
});

function report(failOn: 'high' | 'none' = 'high') {
  return buildScanReport({
    tool: { name: 'aigis', version: '0.1.0' },
    scanRoot: '/p',
    failOn,
    findings: fingerprintFindings([
      createFinding(rule('pickle/call', 'critical'), { message: 'Calls os.system.', location: { path: 'm.pt', member: 'a/data.pkl', offset: 7 }, evidence: "os.system('true')" }),
      createFinding(rule('docs/missing', 'low'), { message: 'No policy.', location: { path: 'SECURITY.md' } }),
      createFinding(rule('code/eval', 'high'), { message: 'eval of model output.', location: { path: 'app.py', startLine: 4, startColumn: 9 } }),
    ]),
    suppressed: [],
    files: [
      { path: 'app.py', type: 'python', status: 'scanned' },
      { path: 'big.pkl', type: 'pickle', status: 'inconclusive', reason: 'timed out' },
      { path: 'w.safetensors', type: 'safetensors', status: 'skipped', reason: 'no analyzer for safetensors files' },
      { path: 'notes.txt', type: 'text', status: 'skipped', reason: 'no analyzer for text files' },
    ],
    notices: [{ level: 'warning', message: 'suppression expired' }],
    rules: [],
  });
}

describe('text reporter', () => {
  const text = textReporter(report(), { color: false });

  it('groups findings by file with severity, rule, position, evidence, fix and principle', () => {
    expect(text).toContain(
      [
        'm.pt',
        "  CRITICAL Title pickle/call [pickle/call]  member a/data.pkl, byte 7",
        '           Calls os.system.',
        "           evidence: os.system('true')",
        '           fix: Fix for pickle/call.',
        '           guideline 2.1 Secure your supply chain',
      ].join('\n'),
    );
    expect(text).toContain('  HIGH     Title code/eval [code/eval]  line 4:9');
  });

  it('lists files not fully analysed, and names skipped model files', () => {
    expect(text).toContain('Not fully analysed (never treat these as clean):\n  INCONCLUSIVE  big.pkl: timed out');
    expect(text).toContain('Model and archive files skipped (not analysed):\n  w.safetensors (safetensors): no analyzer for safetensors files');
    expect(text).not.toContain('notes.txt (text)');
    expect(text).toContain('warning: suppression expired');
  });

  it('summarises files and findings and gives the verdict against --fail-on', () => {
    expect(text).toContain('Files: 1 scanned, 2 skipped (1 no analyzer for safetensors files; 1 no analyzer for text files), 1 inconclusive, 0 failed');
    expect(text).toContain('Findings: 1 critical, 1 high, 0 medium, 1 low, 0 info');
    expect(text).toContain('2 findings at or above high.');
    expect(textReporter(report('none'), { color: false })).toContain('Threshold: none (--fail-on none)');
  });

  it('uses ANSI colour only when told to', () => {
    expect(text).not.toContain('\u001b[');
    expect(textReporter(report(), { color: true })).toContain('\u001b[1m\u001b[31mCRITICAL');
  });
});
