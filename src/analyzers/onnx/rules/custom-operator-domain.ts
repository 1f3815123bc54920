import { reportLimited } from '../../../lib/limited-reports.js';
import type { OperatorUse } from '../onnx-model.js';
import { operatorKey } from '../onnx-model.js';
import type { OnnxRule } from '../rule.js';

/**
 * Operator domains ONNX defines and ONNX Runtime ships kernels for (onnxruntime/core/graph/constants.h), so
 * nodes in them need no library from outside. `com.intel.ai` and `com.xilinx` belong to execution providers
 * built into some ONNX Runtime packages.
 */
export const STANDARD_DOMAINS: ReadonlySet<string> = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'ai.onnx.training',
  'ai.onnx.preview.training',
  'com.microsoft',
  'com.microsoft.nchwc',
  'com.microsoft.experimental',
  'com.microsoft.dml',
  'com.ms.internal.nhwc',
  'org.pytorch.aten',
  'com.intel.ai',
  'com.xilinx',
]);

const MAX_OPS_NAMED = 8;

export const customOperatorDomain: OnnxRule = {
  meta: {
    id: 'onnx/custom-operator-domain',
    title: 'ONNX model needs a custom operator library',
    severity: 'medium',
    principle: '2.1',
    references: { cwe: ['CWE-829'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'Nodes use operators from a domain that neither ONNX nor ONNX Runtime defines, and the model does not ' +
      'define them as local functions. ONNX Runtime runs such a model only after the caller registers a ' +
      'native custom-op library (`SessionOptions.register_custom_ops_library`, onnxruntime-extensions), and ' +
      'that library runs with the full rights of the process. The model itself cannot load it, but whoever ' +
      'ships the model usually ships the library too, and that binary is then part of your supply chain.',
    fix:
      'Find out which library implements the domain. Load only custom-op libraries you build or can verify ' +
      '(pinned version, checksum or signature), or re-export the model with standard operators only.',
  },
  check(model, report) {
    const byDomain = new Map<string, OperatorUse[]>();
    for (const use of model.operators.values()) {
      if (STANDARD_DOMAINS.has(use.domain) || model.functions.has(operatorKey(use.domain, use.opType))) continue;
      byDomain.set(use.domain, [...(byDomain.get(use.domain) ?? []), use]);
    }
    const reports = [...byDomain].sort(([a], [b]) => (a < b ? -1 : 1)).map(([domain, uses]) => {
      const nodes = uses.reduce((sum, use) => sum + use.count, 0);
      const named = uses.slice(0, MAX_OPS_NAMED).map((use) => use.opType);
      const rest = uses.length > MAX_OPS_NAMED ? ` and ${uses.length - MAX_OPS_NAMED} more` : '';
      const first = uses[0]!;
      const opset = model.opsets.find((entry) => entry.domain === domain);
      const version = opset ? `opset ${opset.version}` : 'not in opset_import';
      return {
        message:
          `${nodes} node${nodes === 1 ? '' : 's'} use operators from the custom domain "${domain}" ` +
          `(${named.join(', ')}${rest}; first in ${first.where}): ONNX Runtime runs them only with a native ` +
          'custom-op library registered.',
        evidence: `domain ${domain} (${version}): ${named.join(', ')}${rest}`,
        offset: first.offset,
      };
    });
    reportLimited(report, reports);
  },
};
