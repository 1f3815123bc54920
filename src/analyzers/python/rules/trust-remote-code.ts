import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { literalValue, nodesOfType, stringLiteral } from '../module.js';

const PAIRS = new Set(['pair']);

export const trustRemoteCode: PythonRule = {
  meta: {
    id: 'python/trust-remote-code',
    title: 'trust_remote_code=True runs code from the model repository',
    severity: 'high',
    principle: '2.1',
    references: { cwe: ['CWE-94', 'CWE-494'], owaspLlm: ['LLM03:2025'], atlas: ['AML.T0010.003', 'AML.T0011.000'] },
    description:
      'trust_remote_code=True lets transformers, datasets, sentence-transformers and similar loaders download and import Python files (modeling_*.py, configuration_*.py, dataset scripts) from the hub repository. Whoever controls that repository, or can push to the branch being fetched, runs code in this process. The transformers security policy asks for a revision pin and a review of that code.',
    fix: 'Use a model or dataset supported natively by the library, so that trust_remote_code is not needed. If it is, review the repository\'s code, pin revision= to the reviewed 40-character commit hash, or vendor the code into this project and load it from a local path.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (literalValue(call.args.keywords.get('trust_remote_code')) !== true) continue;
      report({
        node: call.node,
        message: `${call.calleeText} is called with trust_remote_code=True: Python files from the model or dataset repository are downloaded and run in this process`,
        evidence: snippet(call.node),
      });
    }
    // model_kwargs={"trust_remote_code": True}, config dicts handed to wrappers
    for (const pair of nodesOfType(module.root, PAIRS)) {
      const key = pair.childForFieldName('key');
      if (!key || stringLiteral(key) !== 'trust_remote_code') continue;
      if (literalValue(pair.childForFieldName('value')) !== true) continue;
      report({
        node: pair,
        message: `"trust_remote_code": True is set in a dictionary of loader options: Python files from the model repository are downloaded and run in this process`,
        evidence: snippet(pair),
      });
    }
  },
};
