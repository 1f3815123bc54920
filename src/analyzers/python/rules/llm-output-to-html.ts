import type { PythonRule } from '../rule.js';
import { argument, reportTaintedSinks } from '../taint/sinks.js';

const TEMPLATE = 'it is rendered as a Jinja template, so the model can inject template code (server-side template injection) as well as script';
const SAFE_MARKUP = 'it is marked safe, so any <script> or event handler in it reaches the browser unescaped';
const SINKS = new Map<string, { keyword: string; why: string }>([
  ['flask.render_template_string', { keyword: 'source', why: TEMPLATE }],
  ['jinja2.Template', { keyword: 'source', why: TEMPLATE }],
  ['jinja2.Environment().from_string', { keyword: 'source', why: TEMPLATE }],
  ['markupsafe.Markup', { keyword: 'base', why: SAFE_MARKUP }],
  ['flask.Markup', { keyword: 'base', why: SAFE_MARKUP }],
  ['jinja2.Markup', { keyword: 'base', why: SAFE_MARKUP }],
  ['django.utils.safestring.mark_safe', { keyword: 's', why: SAFE_MARKUP }],
  ['django.utils.safestring.SafeString', { keyword: 's', why: SAFE_MARKUP }],
  ['django.http.HttpResponse', { keyword: 'content', why: 'it is sent as the HTML body of the response, unescaped' }],
  ['fastapi.responses.HTMLResponse', { keyword: 'content', why: 'it is sent as an HTML page, unescaped' }],
  ['starlette.responses.HTMLResponse', { keyword: 'content', why: 'it is sent as an HTML page, unescaped' }],
  ['streamlit.html', { keyword: 'body', why: 'it is inserted into the page as HTML' }],
  ['streamlit.components.v1.html', { keyword: 'html', why: 'it is inserted into the page as HTML' }],
  ['IPython.display.HTML', { keyword: 'data', why: 'it is rendered as HTML in the notebook' }],
]);
/** Calls that render HTML only with unsafe_allow_html=True. */
const OPT_IN = new Set(['streamlit.markdown', 'streamlit.write', 'streamlit.caption']);

export const llmOutputToHtml: PythonRule = {
  meta: {
    id: 'python/llm-output-to-html',
    title: 'LLM output is rendered as HTML or a template',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-79'], owaspLlm: ['LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0051.001'] },
    description:
      'A model reply can carry HTML and script as easily as prose: a prompt injection can make it emit `<img src=x onerror=...>` or a link that exfiltrates the conversation. Marking the reply safe (Markup, mark_safe), sending it as an HTML response, or rendering it as a Jinja template (which also allows server-side template injection) bypasses the framework\'s escaping. Related rules: Bandit B703, B704.',
    fix: 'Let the template engine escape model output (render it as a variable in a fixed template), or sanitise it with bleach.clean / nh3.clean and an allow-list of tags before marking it safe. Never pass model text as the template source. In Streamlit, drop unsafe_allow_html=True for model text.',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'html',
      match(call) {
        const callee = call.callee;
        if (callee === undefined) return undefined;
        const sink = SINKS.get(callee);
        if (sink) return { args: [argument(call, 0, sink.keyword)], name: call.calleeText, why: sink.why };
        if (OPT_IN.has(callee) && call.keywordLiterals.get('unsafe_allow_html') === true) {
          return { args: [argument(call, 0, 'body')], name: `${call.calleeText}(unsafe_allow_html=True)`, why: 'it is inserted into the page as raw HTML' };
        }
        return undefined;
      },
    });
  },
};
