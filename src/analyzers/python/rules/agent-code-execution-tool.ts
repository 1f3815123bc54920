import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import { isTrueKeyword } from '../module.js';
import { langchainClassCall, loadToolsNames } from './agent-dangerous-requests.js';

/** LangChain classes that run Python or shell commands the model writes. */
export const CODE_TOOLS: ReadonlyMap<string, string> = new Map([
  ['PythonREPLTool', 'runs Python code written by the model'],
  ['PythonAstREPLTool', 'runs Python code written by the model'],
  ['PythonREPL', 'runs Python code it is given, typically written by the model'],
  ['ShellTool', 'runs shell commands written by the model'],
  ['BashProcess', 'runs shell commands it is given, typically written by the model'],
  ['LLMMathChain', 'evaluates expressions written by the model (with exec in early versions, numexpr later)'],
  ['PALChain', 'runs Python programs written by the model'],
]);

/** load_tools names of the same tools. */
export const CODE_TOOL_NAMES = new Set(['python_repl', 'terminal', 'llm-math']);

export const agentCodeExecutionTool: PythonRule = {
  meta: {
    id: 'python/agent-code-execution-tool',
    title: 'Agent tool that executes model-written code',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-94', 'CWE-78'], owaspLlm: ['LLM06:2025', 'LLM05:2025'], atlas: ['AML.T0053', 'AML.T0050'] },
    description:
      'A Python REPL, shell or code-running chain given to an agent runs whatever the model writes, with this process\'s permissions. Anything that reaches the prompt (a user, a retrieved document, a web page, a CSV cell) can steer the model into writing that code: prompt injection becomes remote code execution. allow_dangerous_code=True is LangChain\'s explicit opt-in to this. Earlier LLMMathChain and PALChain releases had exactly this bug (CVE-2023-29374, CVE-2023-36095).',
    fix: 'Give the agent narrow tools that do one thing with validated arguments instead of a general interpreter. If generated code must run, run it in a sandbox with no credentials and no network (a separate container or a hosted code interpreter), and keep a human approval step for anything with side effects.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (isTrueKeyword(call.args, 'allow_dangerous_code')) {
        report({
          node: call.node,
          message: `${call.calleeText} is called with allow_dangerous_code=True: the agent runs Python code the model writes, so prompt injection becomes code execution`,
          evidence: snippet(call.node),
        });
        continue;
      }
      const cls = langchainClassCall(call.callee, CODE_TOOLS);
      if (cls) {
        report({
          node: call.node,
          message: `${call.calleeText} creates LangChain's ${cls}, which ${CODE_TOOLS.get(cls)}: prompt injection becomes code execution`,
          evidence: snippet(call.node),
        });
        continue;
      }
      const names = loadToolsNames(call).filter((name) => CODE_TOOL_NAMES.has(name));
      if (names.length > 0) {
        report({
          node: call.node,
          message: `${call.calleeText} loads the ${names.map((name) => `"${name}"`).join(', ')} tool${names.length > 1 ? 's' : ''}, which run${names.length > 1 ? '' : 's'} code or commands written by the model: prompt injection becomes code execution`,
          evidence: snippet(call.node),
        });
      }
    }
  },
};
