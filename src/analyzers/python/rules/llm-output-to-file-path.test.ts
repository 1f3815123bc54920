import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-file-path';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'files.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags an agent tool that writes and deletes files the model names', async () => {
    const found = await findings(`
      import json
      import os
      import shutil
      from pathlib import Path
      from openai import OpenAI

      client = OpenAI()
      WORKSPACE = "/srv/agent/workspace"


      def next_action(goal):
          completion = client.chat.completions.create(
              model="gpt-4o",
              response_format={"type": "json_object"},
              messages=[{"role": "user", "content": goal}],
          )
          return json.loads(completion.choices[0].message.content)


      def step(goal):
          action = next_action(goal)
          target = os.path.join(WORKSPACE, action["path"])
          if action["type"] == "write":
              with open(target, "w") as handle:
                  handle.write(action["content"])
          elif action["type"] == "delete":
              shutil.rmtree(target)
          elif action["type"] == "append":
              (Path(WORKSPACE) / action["path"]).write_text(action["content"])
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [24, 14],
      [27, 9],
      [29, 9],
    ]);
    expect(found[0]!.message).toMatch(/^LLM output from client\.chat\.completions\.create reaches open: a model-chosen path/);
    expect(found[0]!.evidence).toBe(
      'client.chat.completions.create(...) (line 12) -> completion (line 12) -> next_action(...) (line 21) -> action (line 21) -> target (line 22) -> open(target, "w") (line 24)',
    );
  });

  it('stays quiet when the model only picks a base name, when it writes file contents, and for fixed paths', async () => {
    const found = await findings(`
      import os
      from werkzeug.utils import secure_filename
      from openai import OpenAI

      client = OpenAI()
      REPORTS = "/srv/reports"


      def save_report(topic):
          completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": topic}])
          text = completion.choices[0].message.content
          title = text.splitlines()[0]
          with open(os.path.join(REPORTS, os.path.basename(title)), "w") as handle:
              handle.write(text)
          with open(os.path.join(REPORTS, secure_filename(title) + ".md"), "w") as handle:
              handle.write(text)
          with open("/srv/reports/latest.md", "w") as handle:
              handle.write(text)
          print(f"open({title}) is not a call")
    `);
    expect(found).toEqual([]);
  });

  it('takes a path checked against its base folder in the same function as guarded', async () => {
    const found = await findings(`
      import os
      from pathlib import Path
      from openai import OpenAI

      client = OpenAI()
      BASE = Path("/srv/notes").resolve()


      def read_note(question):
          name = client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
          path = (BASE / name).resolve()
          if not path.is_relative_to(BASE):
              raise PermissionError(name)
          text = path.read_text()
          legacy = os.path.join("/srv/notes", name)
          if os.path.commonpath(["/srv/notes", os.path.realpath(legacy)]) != "/srv/notes":
              raise PermissionError(name)
          with open(legacy) as handle:
              return text + handle.read()


      def unchecked(question):
          name = client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content
          path = (BASE / name).resolve()
          return path.read_text()
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([25]);
  });
});
