import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToCodeExecution = llmOutputRule(
  {
    id: 'javascript/llm-output-to-code-execution',
    title: 'LLM output evaluated as JavaScript',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-94', 'CWE-95'], owaspLlm: ['LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0051', 'AML.T0050'] },
    description:
      "A model's reply is evaluated as code (eval, new Function, vm.runIn*Context, vm.Script, vm2, setTimeout/setInterval with a string). Anyone who can steer the model, directly or through a document, web page or tool result it reads (prompt injection), then runs JavaScript with this process's privileges. The vm module is not a security boundary.",
    fix: 'Do not evaluate model output. Ask the model for data (JSON validated against a schema) and map it to a fixed set of operations; if code must run, run it in a separate sandbox (a container or an isolate with no host access, a network policy and resource limits).',
  },
  'code',
  'a prompt-injected reply runs as JavaScript in this process',
);
