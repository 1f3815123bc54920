import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { isTrueKeyword } from '../module.js';

export const unsafeVectorStoreDeserialization: PythonRule = {
  meta: {
    id: 'python/unsafe-vector-store-deserialization',
    title: 'Vector store or retriever loaded with allow_dangerous_deserialization=True',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-502'], owaspLlm: ['LLM08:2025', 'LLM03:2025'], atlas: ['AML.T0011.000'] },
    description:
      'LangChain\'s FAISS.load_local, TFIDFRetriever.load_local, SKLearnVectorStore and similar loaders keep the docstore and index metadata as pickle. allow_dangerous_deserialization=True acknowledges that the files are unpickled: whoever can write or replace the index directory (a shared volume, a downloaded index, an artifact bucket) runs code when it is loaded.',
    fix: 'Load only indexes this service wrote itself, from a location nobody else can write, and verify a hash of the files before loading. Prefer a vector database or a store that saves JSON or Parquet over pickle-backed local files.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (!isTrueKeyword(call.args, 'allow_dangerous_deserialization')) continue;
      report({
        node: call.node,
        message: `${call.calleeText} is called with allow_dangerous_deserialization=True: the stored index is unpickled, and a replaced or crafted index runs code when it is loaded`,
        evidence: snippet(call.node),
      });
    }
  },
};
