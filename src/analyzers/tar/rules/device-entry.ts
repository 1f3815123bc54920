import type { RuleMeta } from '../../../core/rule.js';

/** Character or block devices and FIFOs: nothing a model archive needs. */
export const deviceEntry: RuleMeta = {
  id: 'tar/device-entry',
  title: 'Tar archive holds a device or FIFO entry',
  severity: 'medium',
  principle: '2.1',
  references: { owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
  description:
    'The archive holds a character device, block device or FIFO. Extracted as root these become device nodes ' +
    '(raw access to disks or memory), and a FIFO makes any program that opens it hang. Model and dataset archives ' +
    'never need them; Python 3.12\'s tarfile "data" filter refuses them.',
  fix:
    'Do not extract this archive as root. Get the model again from its publisher, or extract it with ' +
    'tarfile.extractall(filter="data"), which rejects special files.',
};
