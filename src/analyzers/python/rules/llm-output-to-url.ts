import type { PythonRule } from '../rule.js';
import { argument, reportTaintedSinks } from '../taint/sinks.js';

const VERBS = 'get|post|put|patch|delete|head|options';
const URL_FIRST = new RegExp(
  `^(?:requests\\.(?:${VERBS})|requests\\.(?:Session|session)\\(\\)\\.(?:${VERBS})|httpx\\.(?:${VERBS}|stream)|httpx\\.(?:Client|AsyncClient)\\(\\)\\.(?:${VERBS})|` +
    `urllib\\.request\\.(?:urlopen|Request|urlretrieve)|urllib2\\.urlopen|aiohttp\\.ClientSession\\(\\)\\.(?:${VERBS}|ws_connect)|urllib3\\.PoolManager\\(\\)\\.urlopen)$`,
);
/** `request(method, url)`: the URL is the second argument. */
const URL_SECOND = /^(?:requests\.request|requests\.(?:Session|session)\(\)\.request|httpx\.request|httpx\.(?:Client|AsyncClient)\(\)\.(?:request|stream)|aiohttp\.ClientSession\(\)\.request|urllib3\.PoolManager\(\)\.request|urllib3\.request)$/;

export const llmOutputToUrl: PythonRule = {
  meta: {
    id: 'python/llm-output-to-url',
    title: 'LLM output chooses the URL of a request',
    severity: 'medium',
    principle: '1.3',
    references: { cwe: ['CWE-918'], owaspLlm: ['LLM05:2025', 'LLM06:2025'], atlas: ['AML.T0051.001', 'AML.T0086'] },
    description:
      'When the model picks the URL the application fetches, a prompt injection can point it at internal services (cloud metadata at 169.254.169.254, admin APIs on localhost) or at an attacker\'s server with secrets in the query string. The URL is model output, or built from it with a host the model controls; text placed after a fixed `https://host/` prefix, and model text sent as a JSON or form body, are not reported.',
    fix: 'Build URLs from a fixed scheme and host and put model text only in the path or query, URL-encoded. If the model must choose the site, check the parsed host against an allow-list and block private, loopback and link-local addresses after DNS resolution; route agent fetches through an egress proxy.',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'url',
      match(call) {
        const callee = call.callee;
        if (callee === undefined) return undefined;
        if (URL_FIRST.test(callee)) return { args: [argument(call, 0, 'url')], name: call.calleeText, why: 'the model chooses where the request goes (server-side request forgery)' };
        if (URL_SECOND.test(callee)) return { args: [argument(call, 1, 'url')], name: call.calleeText, why: 'the model chooses where the request goes (server-side request forgery)' };
        return undefined;
      },
    });
  },
};
