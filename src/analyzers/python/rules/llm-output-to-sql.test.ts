import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/llm-output-to-sql';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'api.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags a FastAPI text-to-SQL handler that runs the query the model wrote', async () => {
    const found = await findings(`
      import sqlite3
      from fastapi import FastAPI
      from openai import OpenAI

      app = FastAPI()
      client = OpenAI()
      SCHEMA = "CREATE TABLE orders (id INTEGER, customer TEXT, total REAL)"


      def to_sql(question: str) -> str:
          completion = client.chat.completions.create(
              model="gpt-4o",
              messages=[
                  {"role": "system", "content": f"Write one SQLite query for this schema: {SCHEMA}"},
                  {"role": "user", "content": question},
              ],
          )
          return completion.choices[0].message.content.strip().removeprefix("\`\`\`sql").removesuffix("\`\`\`")


      @app.get("/ask")
      def ask(question: str):
          query = to_sql(question)
          with sqlite3.connect("shop.db") as conn:
              cursor = conn.cursor()
              rows = cursor.execute(query).fetchall()
          return {"query": query, "rows": rows}
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[26, 16]]);
    expect(found[0]!.message).toMatch(/^LLM output from client\.chat\.completions\.create reaches cursor\.execute: /);
    expect(found[0]!.evidence).toBe(
      'client.chat.completions.create(...) (line 11) -> completion (line 11) -> to_sql(...) (line 23) -> query (line 23) -> cursor.execute(query) (line 26)',
    );
  });

  it('flags queries built with f-strings, format and %, sqlalchemy.text and pandas.read_sql', async () => {
    const found = await findings(`
      import pandas as pd
      from sqlalchemy import create_engine, text
      import litellm

      engine = create_engine("postgresql://localhost/app")


      def lookup(question, cur):
          reply = litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": question}])
          name = reply["choices"][0]["message"]["content"]
          cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
          cur.execute("DELETE FROM users WHERE name = '{}'".format(name))
          cur.execute("UPDATE users SET seen = 1 WHERE name = '%s'" % name)
          with engine.connect() as connection:
              connection.execute(text("SELECT * FROM users WHERE name = '" + name + "'"))
          return pd.read_sql(name, engine)
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([11, 12, 13, 15, 16]);
  });

  it('stays quiet for bound parameters, model text only returned, and unrelated execute methods', async () => {
    const found = await findings(`
      import sqlite3
      from concurrent.futures import ThreadPoolExecutor
      from openai import OpenAI

      client = OpenAI()
      db = sqlite3.connect("notes.db")


      def save(question):
          answer = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
          text = answer.choices[0].message.content
          cur = db.cursor()
          cur.execute("INSERT INTO notes (question, answer) VALUES (?, ?)", (question, text))
          cur.execute("SELECT * FROM notes WHERE answer = %s", [text])
          cur.executemany("INSERT INTO tags VALUES (?)", [(tag,) for tag in text.split(",")])
          planner = ThreadPoolExecutor()
          planner.submit(print, text)
          return {"answer": text}
    `);
    expect(found).toEqual([]);
  });
});
