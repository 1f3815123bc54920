import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-html';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'web.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a Flask chat page that marks the model reply safe and renders it as a template', async () => {
    const found = await findings(`
      import markdown
      from flask import Flask, request, render_template_string
      from markupsafe import Markup
      from openai import OpenAI

      app = Flask(__name__)
      client = OpenAI()
      PAGE = "<html><body>{{ answer }}</body></html>"


      @app.post("/chat")
      def chat():
          completion = client.chat.completions.create(
              model="gpt-4o-mini",
              messages=[{"role": "user", "content": request.form["message"]}],
          )
          answer = completion.choices[0].message.content
          rendered = Markup(markdown.markdown(answer))
          page = render_template_string(PAGE, answer=rendered)
          footer = render_template_string("<footer>" + answer + "</footer>")
          return page + footer
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [18, 16],
      [20, 14],
    ]);
    expect(found[0]!.message).toMatch(/^LLM output from client\.chat\.completions\.create reaches Markup: it is marked safe/);
    expect(found[1]!.message).toContain('server-side template injection');
  });

  it('flags HTMLResponse in FastAPI and st.markdown with unsafe_allow_html', async () => {
    const found = await findings(`
      import streamlit as st
      from fastapi.responses import HTMLResponse
      from langchain_anthropic import ChatAnthropic

      llm = ChatAnthropic(model="claude-sonnet-4-5")


      async def summary_page(topic: str) -> HTMLResponse:
          message = await llm.ainvoke(f"Write an HTML summary of {topic}")
          return HTMLResponse(content=message.content)


      def show(topic):
          reply = llm.invoke(topic).content
          st.markdown(reply, unsafe_allow_html=True)
          st.markdown(reply)
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([10, 15]);
  });

  it('stays quiet for escaped or sanitised output, a fixed template and JSON responses', async () => {
    const found = await findings(`
      import html
      import bleach
      from flask import Flask, jsonify, render_template_string
      from markupsafe import Markup, escape
      from openai import OpenAI

      app = Flask(__name__)
      client = OpenAI()


      @app.get("/answer")
      def answer():
          completion = client.chat.completions.create(model="gpt-4o", messages=[])
          text = completion.choices[0].message.content
          safe = Markup(html.escape(text))
          cleaned = Markup(bleach.clean(text, tags=["b", "i"]))
          also_safe = Markup("<p>%s</p>") % escape(text)
          page = render_template_string("<p>{{ text }}</p>", text=text)
          return jsonify({"answer": text, "html": str(safe) + cleaned + also_safe + page})
    `);
    expect(found).toEqual([]);
  });
});
