import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToShell = llmOutputRule(
  {
    id: 'javascript/llm-output-to-shell',
    title: 'LLM output runs as a shell command',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-78'], owaspLlm: ['LLM05:2025', 'LLM01:2025', 'LLM06:2025'], atlas: ['AML.T0051', 'AML.T0050'] },
    description:
      "A model's reply reaches child_process.exec/execSync (or shelljs, execa's command form) as a command line, is the program spawn/execFile starts, or is an argument passed with shell: true. Prompt injection then becomes command execution on the host. A fixed program with the reply as one argument of an array (no shell) is not reported.",
    fix: 'Never hand model text to a shell. Map the model\'s choice to an allowlisted program and pass values as separate arguments to execFile/spawn without shell: true; validate them first, and run agents that need a shell in a disposable sandbox with a human approving commands.',
  },
  'shell',
  'a prompt-injected reply runs commands on this host',
);
