import { reportLimited } from '../../../lib/limited-reports.js';
import type { OnnxRule } from '../rule.js';

/**
 * Why an external data location may reach outside the model's folder, or undefined when it cannot. Any `..`
 * segment counts, even one that seems to stay inside: `dir/../x` leaves the folder when `dir` is a symlink.
 */
export function locationEscape(location: string): string | undefined {
  if (location.includes('\0')) return 'contains a NUL byte';
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return 'is absolute (a drive letter or URL scheme)';
  if (location.startsWith('/') || location.startsWith('\\')) return 'is an absolute path';
  if (location.startsWith('~')) return "starts at a user's home folder";
  if (location.split(/[\\/]/).includes('..')) return 'climbs out of the model folder with ..';
  return undefined;
}

export const externalDataPathTraversal: OnnxRule = {
  meta: {
    id: 'onnx/external-data-path-traversal',
    title: 'ONNX external data location escapes the model folder',
    severity: 'critical',
    principle: '2.1',
    references: { cwe: ['CWE-22'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003'] },
    description:
      'A tensor keeps its data in an external file whose `location` is absolute or climbs out of the folder ' +
      'that holds the model. Loaders resolve it against that folder, so vulnerable onnx and ONNX Runtime ' +
      'versions read any file the process can reach into the tensor (CVE-2022-25882, CVE-2024-27318), where ' +
      'model outputs or a later upload can leak it, and tools that re-save the model write the tensor back to ' +
      'that path (CVE-2025-51480), overwriting files. Exporters never write such locations.',
    fix:
      'Do not load the model. Re-export it from a trusted source with its data next to it under a plain ' +
      "relative name (`onnx.save_model(model, path, save_as_external_data=True, location='model.onnx.data')`), " +
      'or keep the weights inside the model or in safetensors. Keep onnx and onnxruntime up to date.',
  },
  check(model, report) {
    const escapes = [...model.externalLocations.values()].flatMap((external) => {
      const reason = locationEscape(external.location);
      if (reason === undefined) return [];
      const others = external.count > 1 ? ` (and ${external.count - 1} more tensors)` : '';
      return [{
        message:
          `Tensor "${external.tensor}"${others} in ${external.where} keeps its data at "${external.location}", which ` +
          `${reason}: loading the model reads that file, and re-saving it writes there.`,
        evidence: `external_data location=${external.location}`,
        offset: external.offset,
      }];
    });
    reportLimited(report, escapes);
  },
};
