/** @module The Python pattern rules (calls and arguments), in rule-id order. */
import type { PythonRule } from './rule.js';
import { agentCodeExecutionTool } from './rules/agent-code-execution-tool.js';
import { agentDangerousRequests } from './rules/agent-dangerous-requests.js';
import { gradioPublicShare } from './rules/gradio-public-share.js';
import { jupyterWithoutToken } from './rules/jupyter-without-token.js';
import { kerasUnsafeLoad } from './rules/keras-unsafe-load.js';
import { modelApiTlsVerificationDisabled } from './rules/model-api-tls-verification-disabled.js';
import { nativeLibraryLoad } from './rules/native-library-load.js';
import { numpyLoadAllowPickle } from './rules/numpy-load-allow-pickle.js';
import { pickleDeserialization } from './rules/pickle-deserialization.js';
import { serviceBoundToAllInterfaces } from './rules/service-bound-to-all-interfaces.js';
import { tlsVerificationDisabled } from './rules/tls-verification-disabled.js';
import { torchDistributedObjectCollective } from './rules/torch-distributed-object-collective.js';
import { torchHubLoad } from './rules/torch-hub-load.js';
import { torchLoadWithoutWeightsOnly } from './rules/torch-load-without-weights-only.js';
import { trustRemoteCode } from './rules/trust-remote-code.js';
import { unpinnedHubDownload } from './rules/unpinned-hub-download.js';
import { unsafeVectorStoreDeserialization } from './rules/unsafe-vector-store-deserialization.js';
import { yamlUnsafeLoad } from './rules/yaml-unsafe-load.js';

export const PATTERN_RULES: readonly PythonRule[] = [
  agentCodeExecutionTool,
  agentDangerousRequests,
  gradioPublicShare,
  jupyterWithoutToken,
  kerasUnsafeLoad,
  modelApiTlsVerificationDisabled,
  nativeLibraryLoad,
  numpyLoadAllowPickle,
  pickleDeserialization,
  serviceBoundToAllInterfaces,
  tlsVerificationDisabled,
  torchDistributedObjectCollective,
  torchHubLoad,
  torchLoadWithoutWeightsOnly,
  trustRemoteCode,
  unpinnedHubDownload,
  unsafeVectorStoreDeserialization,
  yamlUnsafeLoad,
];
