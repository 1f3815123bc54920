/**
 * @module onnx: walks a ModelProto's protobuf fields without decoding tensors, and judges where external
 * tensor data lives and which operator domains the graphs need. Weights are skipped by length, so a
 * multi-gigabyte model costs only the reads of its graph structure.
 */
import { defineAnalyzer } from '../../core/analyzer.js';
import type { OnnxRule } from './rule.js';
import { customOperatorDomain } from './rules/custom-operator-domain.js';
import { externalDataPathTraversal } from './rules/external-data-path-traversal.js';
import { malformedModel } from './rules/malformed-model.js';

export const ONNX_RULES: readonly OnnxRule[] = [externalDataPathTraversal, customOperatorDomain, malformedModel];

export const onnxAnalyzer = defineAnalyzer({
  id: 'onnx',
  version: '1',
  description: 'Walks ONNX models without reading weights: external data locations outside the model folder, custom operator domains, malformed protobuf.',
  rules: ONNX_RULES.map((rule) => rule.meta),
  runsInWorker: true,
  fileTypes: ['onnx'],
  // An .onnx file whose first byte is no valid field tag is sniffed as binary; loaders go by the name.
  claims: (file) => file.type === 'binary' && /\.onnx$/i.test(file.member ?? file.path),
  async analyzeFile(file, context) {
    // The reader brings protobufjs: loaded on first use, so a scan without ONNX files never pays for it.
    const { readOnnxModel } = await import('./onnx-model.js');
    const model = readOnnxModel(file.source);
    for (const rule of ONNX_RULES) rule.check(model, (report) => context.report(rule.meta, report));
    if (model.stoppedAt !== undefined) context.inconclusive(`the ONNX protobuf breaks at offset ${model.stoppedAt}; nothing after it was checked`);
    if (model.unlisted > 0) context.inconclusive(`${model.unlisted} operators or external data locations past the listing cap were not judged`);
    if (model.externalTensors > 0) {
      const [tensors, files] = [model.externalTensors, model.externalLocations.size];
      const keep = tensors === 1 ? '1 tensor keeps its' : `${tensors} tensors keep their`;
      context.note(`${keep} data in ${files === 1 ? 'an external file' : `${files} external files`}, scanned only as files of their own`);
    }
  },
});
