import type { PythonReport, PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { SyntaxNode } from '../../../parsers/tree-sitter.js';
import type { CallSite, PythonModule } from '../module.js';
import { argumentFor, literalValue, nodesOfType, stringLiteral, topModule } from '../module.js';

/** HTTP clients whose `verify=False` turns certificate checks off (aiohttp, with `ssl=False`, is handled apart). */
const HTTP_LIBRARIES = new Set(['requests', 'httpx', 'openai', 'anthropic']);
/** Packages whose clients talk to model APIs. */
const AI_SDKS = new Set([
  'openai',
  'anthropic',
  'langchain_openai',
  'langchain_anthropic',
  'langchain_community',
  'langchain_mistralai',
  'langchain_groq',
  'llama_index',
  'groq',
  'mistralai',
  'cohere',
  'together',
  'fireworks',
  'ollama',
  'litellm',
  'huggingface_hub',
]);
/** URLs of model inference APIs: OpenAI-compatible paths, provider hosts, Ollama and TGI defaults. */
const MODEL_ENDPOINT = /\/v1\/(chat\/)?completions|\/v1\/(messages|embeddings|responses|models)\b|\/api\/(generate|chat|embed(dings)?)\b|openai|anthropic|huggingface\.co|inference|:11434\b|\/generate_stream\b/i;

const ASSIGNMENT = new Set(['assignment']);

export interface TlsOff {
  readonly call: CallSite;
  /** Why the connection is to a model API (an AI SDK client, a model endpoint URL, a chat request body), when it is. */
  readonly modelApi: string | undefined;
}

function isAiCall(callee: string | undefined): boolean {
  return callee !== undefined && AI_SDKS.has(topModule(callee));
}

const cache = new WeakMap<PythonModule, TlsOff[]>();

/** Every requests/httpx/AI-SDK call with a literal verify=False, and whether it talks to a model API. Shared by the two TLS rules. */
export function tlsVerificationOff(module: PythonModule): TlsOff[] {
  const cached = cache.get(module);
  if (cached) return cached;
  const found: TlsOff[] = [];
  const aiCalls = module.calls.filter((other) => isAiCall(other.callee));
  let assignedTo: Map<number, SyntaxNode> | undefined;
  for (const call of module.calls) {
    if (call.callee === undefined) continue;
    const library = topModule(call.callee);
    if (HTTP_LIBRARIES.has(library)) {
      if (literalValue(call.args.keywords.get('verify')) !== false) continue;
    } else if (library === 'aiohttp') {
      // aiohttp: ssl=False on a request or connector, or the older verify_ssl=False
      if (literalValue(call.args.keywords.get('ssl')) !== false && literalValue(call.args.keywords.get('verify_ssl')) !== false) continue;
    } else {
      continue;
    }
    let modelApi: string | undefined;
    if (call.callee.startsWith('openai.') || call.callee.startsWith('anthropic.')) modelApi = `it is the HTTP client of the ${topModule(call.callee)} SDK`;
    // OpenAI(http_client=httpx.Client(verify=False)); ranges, not parent links, which cost the depth of the tree each
    if (!modelApi) {
      const outer = aiCalls.find((ai) => ai.node.startIndex < call.node.startIndex && call.node.endIndex <= ai.node.endIndex);
      if (outer) modelApi = `it is handed to ${outer.calleeText}`;
    }
    // client = httpx.Client(verify=False); OpenAI(http_client=client)
    if (!modelApi && aiCalls.length > 0) {
      assignedTo ??= assignmentTargets(module);
      const variable = assignedTo.get(call.node.startIndex);
      if (variable) {
        const passes = (arg: SyntaxNode) => (arg.type === 'identifier' || arg.type === 'attribute') && arg.text === variable.text;
        const user = aiCalls.find((other) => [...other.args.keywords.values(), ...other.args.positional].some(passes));
        if (user) modelApi = `${variable.text} is handed to ${user.calleeText}`;
      }
    }
    if (!modelApi) {
      const url = literalValue(argumentFor(call.args, call.callee.endsWith('.request') ? 1 : 0, 'url') ?? call.args.keywords.get('base_url'));
      if (typeof url === 'string' && MODEL_ENDPOINT.test(url)) modelApi = `${url} looks like a model API`;
    }
    if (!modelApi) {
      const body = chatPayloadKeys(call.args.keywords.get('json'));
      if (body) modelApi = `its JSON body (${body}) is a model request`;
    }
    found.push({ call, modelApi });
  }
  cache.set(module, found);
  return found;
}

/** The keys that mark a dict literal as an LLM request body (`{"model": ..., "messages": [...]}`), or undefined. */
function chatPayloadKeys(body: SyntaxNode | undefined): string | undefined {
  if (body?.type !== 'dictionary') return undefined;
  const keys = new Set<string>();
  for (const pair of body.namedChildren) {
    const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
    const name = key ? stringLiteral(key) : undefined;
    if (name !== undefined) keys.add(name);
  }
  const marks = ['messages', 'prompt'].filter((key) => keys.has(key));
  if (marks.length === 0 && keys.has('model') && keys.has('input')) marks.push('input');
  return marks.length === 0 ? undefined : marks.map((key) => `"${key}"`).join(', ');
}

/** Start offset of a call assigned to a name or attribute -> that name: `client = httpx.Client(...)`. */
function assignmentTargets(module: PythonModule): Map<number, SyntaxNode> {
  const targets = new Map<number, SyntaxNode>();
  for (const assignment of nodesOfType(module.root, ASSIGNMENT)) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left && right?.type === 'call' && (left.type === 'identifier' || left.type === 'attribute')) targets.set(right.startIndex, left);
  }
  return targets;
}

/** Assignments that turn verification off for a whole requests session: `session.verify = False`. */
export function sessionVerifyOff(module: PythonModule): SyntaxNode[] {
  return nodesOfType(module.root, ASSIGNMENT).filter((assignment) => {
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'verify') return false;
    if (literalValue(assignment.childForFieldName('right')) !== false) return false;
    const object = left.childForFieldName('object');
    const resolved = object ? module.resolve(object) : undefined;
    return resolved !== undefined && /^requests\.(sessions\.)?Session\(\)$/.test(resolved);
  });
}

export const tlsVerificationDisabled: PythonRule = {
  meta: {
    id: 'python/tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    severity: 'medium',
    principle: '3.1',
    references: { cwe: ['CWE-295'] },
    description:
      'verify=False (ssl=False for aiohttp) makes requests, httpx and aiohttp accept any certificate, so anyone on the network path (a proxy, a compromised Wi-Fi, a poisoned DNS answer) can read and change the traffic, including API keys in headers and the data sent. It is usually added to get past a corporate proxy or a self-signed certificate and then forgotten. Related rules: Bandit B501, Ruff S501. Calls to model APIs are reported by python/model-api-tls-verification-disabled instead.',
    fix: 'Remove verify=False. For a private CA or a corporate proxy, pass its bundle: verify="/path/to/ca.pem" (or set REQUESTS_CA_BUNDLE / SSL_CERT_FILE).',
  },
  check(module, report) {
    const reports: PythonReport[] = [];
    for (const { call, modelApi } of tlsVerificationOff(module)) {
      if (modelApi) continue;
      reports.push({
        node: call.node,
        message: `${call.calleeText} turns TLS certificate checks off: certificates are not checked, so the traffic can be read and changed in transit`,
        evidence: snippet(call.node),
      });
    }
    for (const assignment of sessionVerifyOff(module)) {
      reports.push({
        node: assignment,
        message: `${assignment.childForFieldName('left')!.text} = False turns TLS certificate checks off for every request of the session`,
        evidence: snippet(assignment),
      });
    }
    for (const found of reports.sort((a, b) => a.node.startIndex - b.node.startIndex)) report(found);
  },
};
