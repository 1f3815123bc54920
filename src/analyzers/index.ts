/**
 * @module The one list of built-in analyzers, sorted by id. Adding an analyzer is adding its folder and one line
 * here. Pool workers import this module by URL, so it must stay free of side effects.
 */
import type { AnyAnalyzer } from '../core/analyzer.js';
import { aiFilesAnalyzer } from './ai-files/analyzer.js';
import { chatTemplateAnalyzer } from './chat-template/analyzer.js';
import { compressedAnalyzer } from './compressed/analyzer.js';
import { dependenciesAnalyzer } from './dependencies/analyzer.js';
import { disguisedFileAnalyzer } from './disguised-file/analyzer.js';
import { dockerfileAnalyzer } from './dockerfile/analyzer.js';
import { evalConfigAnalyzer } from './eval-config/analyzer.js';
import { ggufAnalyzer } from './gguf/analyzer.js';
import { githubActionsAnalyzer } from './github-actions/analyzer.js';
import { javascriptAnalyzer } from './javascript/analyzer.js';
import { kerasAnalyzer } from './keras/analyzer.js';
import { mcpConfigAnalyzer } from './mcp-config/analyzer.js';
import { mlConfigAnalyzer } from './ml-config/analyzer.js';
import { modelCardAnalyzer } from './model-card/analyzer.js';
import { modelSignatureAnalyzer } from './model-signature/analyzer.js';
import { numpyAnalyzer } from './numpy/analyzer.js';
import { onnxAnalyzer } from './onnx/analyzer.js';
import { pickleAnalyzer } from './pickle/analyzer.js';
import { pythonAnalyzer } from './python/analyzer.js';
import { repoControlsAnalyzer } from './repo-controls/analyzer.js';
import { safetensorsAnalyzer } from './safetensors/analyzer.js';
import { secretsAnalyzer } from './secrets/analyzer.js';
import { securityDocsAnalyzer } from './security-docs/analyzer.js';
import { sevenZipAnalyzer } from './sevenzip/analyzer.js';
import { tarAnalyzer } from './tar/analyzer.js';
import { tensorflowAnalyzer } from './tensorflow/analyzer.js';
import { zipAnalyzer } from './zip/analyzer.js';

export const analyzers: readonly AnyAnalyzer[] = [
  aiFilesAnalyzer,
  chatTemplateAnalyzer,
  compressedAnalyzer,
  dependenciesAnalyzer,
  disguisedFileAnalyzer,
  dockerfileAnalyzer,
  evalConfigAnalyzer,
  ggufAnalyzer,
  githubActionsAnalyzer,
  javascriptAnalyzer,
  kerasAnalyzer,
  mcpConfigAnalyzer,
  mlConfigAnalyzer,
  modelCardAnalyzer,
  modelSignatureAnalyzer,
  numpyAnalyzer,
  onnxAnalyzer,
  pickleAnalyzer,
  pythonAnalyzer,
  repoControlsAnalyzer,
  safetensorsAnalyzer,
  secretsAnalyzer,
  securityDocsAnalyzer,
  sevenZipAnalyzer,
  tarAnalyzer,
  tensorflowAnalyzer,
  zipAnalyzer,
];

/** The URL pool workers load this registry from. */
export const ANALYZER_MODULE_URL = import.meta.url;
