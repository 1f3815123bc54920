import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

async function findings(rule: string, code: string, path = 'app.py') {
  const run = await runOnText(pythonAnalyzer, path, 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === rule);
}

const lines = (found: { location: { startLine?: number; startColumn?: number } }[]) => found.map((f) => [f.location.startLine, f.location.startColumn]);

describe('python/gradio-public-share', () => {
  const RULE = 'python/gradio-public-share';

  it('flags share=True on Interface, Blocks (with-statement and queue chain) and ChatInterface', async () => {
    const found = await findings(RULE, `
      import gradio as gr

      def respond(message, history):
          return message.upper()

      demo = gr.Interface(fn=respond, inputs="text", outputs="text")
      with gr.Blocks() as ui:
          box = gr.Textbox()

      if __name__ == "__main__":
          demo.launch(share=True)
          ui.queue().launch(share=True, auth=("admin", "secret"))
          gr.ChatInterface(respond).launch(share=True)
    `);
    expect(lines(found)).toEqual([[11, 5], [12, 5], [13, 5]]);
    expect(found[0]!.message).toContain('no auth=');
    expect(found[1]!.message).not.toContain('no auth=');
  });

  it('flags launch on an app built by a helper when gradio is imported', async () => {
    const found = await findings(RULE, `
      import gradio as gr
      from ui import build_demo

      app = build_demo()
      app.launch(share=True)
    `);
    expect(lines(found)).toEqual([[5, 1]]);
  });

  it('stays quiet without share, with share=False, and for other launch() methods', async () => {
    const found = await findings(RULE, `
      import gradio as gr
      from rockets import Rocket

      demo = gr.Interface(fn=str, inputs="text", outputs="text")
      demo.launch()
      demo.launch(share=False)
      Rocket().launch(share=True)
    `);
    expect(found).toEqual([]);
  });
});

describe('python/service-bound-to-all-interfaces', () => {
  const RULE = 'python/service-bound-to-all-interfaces';

  it('flags Gradio without auth, uvicorn and Flask on 0.0.0.0', async () => {
    const found = await findings(RULE, `
      import gradio as gr
      import uvicorn
      from fastapi import FastAPI
      from flask import Flask

      api = FastAPI()
      web = Flask(__name__)
      demo = gr.Interface(fn=str, inputs="text", outputs="text")

      def main(mode):
          if mode == "gradio":
              demo.launch(server_name="0.0.0.0", server_port=7860)
          elif mode == "api":
              uvicorn.run(api, host="0.0.0.0", port=8000)
          else:
              web.run("0.0.0.0", 5000, debug=False)
    `);
    expect(lines(found)).toEqual([[12, 9], [14, 9], [16, 9]]);
    expect(found[0]!.message).toContain('no auth=');
    expect(found[1]!.message).toContain('listens on 0.0.0.0');
  });

  it('flags a Flask app from a factory', async () => {
    const found = await findings(RULE, `
      from flask import Flask
      from service import create_app

      app = create_app()
      app.run(host="0.0.0.0", port=8080)
    `);
    expect(lines(found)).toEqual([[5, 1]]);
  });

  it('stays quiet for localhost, Gradio with auth, a host from the environment and other run() calls', async () => {
    const found = await findings(RULE, `
      import os
      import gradio as gr
      import uvicorn

      demo = gr.Blocks()
      demo.launch(server_name="0.0.0.0", auth=("admin", os.environ["PASSWORD"]))
      demo.launch(server_name="127.0.0.1")
      uvicorn.run("main:app", host="127.0.0.1")
      uvicorn.run("main:app", host=os.environ.get("HOST", "127.0.0.1"))
      thread.run(host="0.0.0.0")
      banner = "uvicorn.run(app, host='0.0.0.0')"
    `);
    expect(found).toEqual([]);
  });
});

describe('python/jupyter-without-token', () => {
  const RULE = 'python/jupyter-without-token';

  it('flags an empty token with no password in a server config', async () => {
    const found = await findings(
      RULE,
      `
      c = get_config()  # noqa

      c.ServerApp.ip = "0.0.0.0"
      c.ServerApp.open_browser = False
      c.ServerApp.token = ""
      c.ServerApp.password = ""
      c.NotebookApp.token = ''
    `,
      'jupyter_server_config.py',
    );
    expect(lines(found)).toEqual([[5, 1], [7, 1]]);
    expect(found[0]!.message).toContain('ServerApp.token');
    expect(found[0]!.message).toContain('listens on 0.0.0.0');
  });

  it('stays quiet with a password, a token from the environment, or outside the config object', async () => {
    const withPassword = await findings(
      RULE,
      `
      c = get_config()
      c.ServerApp.token = ""
      c.PasswordIdentityProvider.hashed_password = "argon2:$argon2id$v=19$m=10240,t=10,p=8$abc"
    `,
      'jupyter_server_config.py',
    );
    const withToken = await findings(
      RULE,
      `
      import os
      c = get_config()
      c.ServerApp.token = os.environ["JUPYTER_TOKEN"]
      settings.token = ""
    `,
      'jupyter_server_config.py',
    );
    expect([...withPassword, ...withToken]).toEqual([]);
  });
});
