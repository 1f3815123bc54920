import type { PythonRule } from '../rule.js';
import { argument, isBuiltin, reportTaintedSinks } from '../taint/sinks.js';

const BUILTINS = new Set(['eval', 'exec', 'compile']);
const NAMED = new Map<string, string>([
  ['builtins.eval', 'evaluates it as Python'],
  ['builtins.exec', 'runs it as Python'],
  ['builtins.compile', 'compiles it as Python code'],
  ['numexpr.evaluate', 'evaluates it with numexpr, which reaches eval'],
  ['pandas.eval', 'evaluates it as an expression, which can run Python'],
  ['pandas.DataFrame().query', 'evaluates it as an expression, which can run Python'],
  ['pandas.DataFrame().eval', 'evaluates it as an expression, which can run Python'],
  ['pickle.loads', 'unpickles it, which runs code chosen by whoever wrote the bytes'],
  ['_pickle.loads', 'unpickles it, which runs code chosen by whoever wrote the bytes'],
  ['cPickle.loads', 'unpickles it, which runs code chosen by whoever wrote the bytes'],
  ['dill.loads', 'unpickles it, which runs code chosen by whoever wrote the bytes'],
  ['marshal.loads', 'loads it as code objects'],
  ['jsonpickle.decode', 'decodes it into arbitrary Python objects, which runs code'],
  ['code.InteractiveInterpreter().runsource', 'runs it as Python'],
  ['code.InteractiveConsole().push', 'runs it as Python'],
]);

export const llmOutputToCodeExecution: PythonRule = {
  meta: {
    id: 'python/llm-output-to-code-execution',
    title: 'LLM output is executed as code',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-94', 'CWE-95'], owaspLlm: ['LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0051.001', 'AML.T0050'] },
    description:
      'Text a model returns is controlled by whoever controls its input: a prompt injection in a user message, a retrieved document or a tool result can make it return code. Passing that text to eval, exec, compile, numexpr or pandas.eval, or unpickling it, runs that code with the application\'s privileges. Related rules: Bandit B307 and B102 (any eval/exec), B301 (pickle).',
    fix: 'Never run model output as code. Parse it as data instead (json.loads, ast.literal_eval for Python literals, a Pydantic model or a structured-output schema), map it to a fixed set of allowed actions, or run generated code only in an isolated sandbox (a separate container or process without credentials or network).',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'code',
      match(call, analysis) {
        if (isBuiltin(call, analysis, BUILTINS)) {
          const why = call.calleeText === 'compile' ? 'compiles it as Python code' : call.calleeText === 'eval' ? 'evaluates it as Python' : 'runs it as Python';
          return { args: [argument(call, 0, 'source')], name: call.calleeText, why };
        }
        const why = call.callee === undefined ? undefined : NAMED.get(call.callee);
        if (why === undefined) return undefined;
        const arg = call.callee?.endsWith('.query') || call.callee?.endsWith('.eval') ? argument(call, 0, 'expr') : argument(call, 0);
        return { args: [arg ?? call.keywords.get('ex') ?? call.keywords.get('data')], name: call.calleeText, why };
      },
    });
  },
};
