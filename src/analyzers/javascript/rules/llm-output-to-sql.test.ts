import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { javascriptAnalyzer } from '../analyzer.js';

const RULE = 'javascript/llm-output-to-sql';

async function findings(path: string, code: string) {
  const run = await runOnText(javascriptAnalyzer, path, path.endsWith('.ts') ? 'typescript' : 'javascript', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags an Express route that puts the model reply into SQL by template and by concatenation', async () => {
    const found = await findings('routes/search.js', `
      import express from 'express';
      import OpenAI from 'openai';
      import pg from 'pg';

      const router = express.Router();
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
      const openai = new OpenAI();

      router.post('/search', async (req, res) => {
        const completion = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Extract the product category from: ' + req.body.q }],
        });
        const category = completion.choices[0].message.content;
        const rows = await pool.query(\`SELECT * FROM products WHERE category = '\${category}'\`);
        const sql = "DELETE FROM carts WHERE label = '" + category + "'";
        await pool.query(sql);
        res.json(rows.rows);
      });
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [15, 22],
      [17, 9],
    ]);
    expect(found[0]!.severity).toBe('high');
    expect(found[0]!.message).toContain('inside SQL built by string interpolation');
    expect(found[1]!.evidence).toContain('sql (line 16)');
  });

  it('flags text-to-SQL that runs the statement the model wrote, and Prisma $queryRawUnsafe', async () => {
    const found = await findings('text-to-sql.ts', `
      import { ChatOpenAI } from '@langchain/openai';
      import { ChatPromptTemplate } from '@langchain/core/prompts';
      import { StringOutputParser } from '@langchain/core/output_parsers';
      import { PrismaClient } from '@prisma/client';
      import Database from 'better-sqlite3';

      const prisma = new PrismaClient();
      const db = new Database('shop.db');
      const model = new ChatOpenAI({ model: 'gpt-4o', temperature: 0 });
      const prompt = ChatPromptTemplate.fromTemplate('Write SQLite SQL for: {question}');
      const chain = prompt.pipe(model).pipe(new StringOutputParser());

      export async function answer(question: string) {
        const statement: string = await chain.invoke({ question });
        const rows = db.prepare(statement).all();
        const more = await prisma.$queryRawUnsafe(\`SELECT id FROM orders WHERE note = '\${statement}'\`);
        return { rows, more };
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([15, 16]);
    expect(found[0]!.message).toContain('as the SQL statement itself');
    expect(found[0]!.message).toContain('chain.invoke(...), line 14');
  });

  it('resolves clients injected through typed TypeScript parameters (a NestJS service)', async () => {
    const found = await findings('reports.service.ts', `
      import { Injectable } from '@nestjs/common';
      import OpenAI from 'openai';
      import { DataSource } from 'typeorm';

      @Injectable()
      export class ReportsService {
        constructor(private readonly openai: OpenAI, private readonly dataSource: DataSource) {}

        async filter(question: string) {
          const completion = await this.openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] });
          const where = completion.choices[0].message.content;
          return this.dataSource.query(\`SELECT * FROM reports WHERE \${where}\`);
        }
      }

      export async function summarise(client: OpenAI, db: { query(sql: string): Promise<unknown> }) {
        const r = await client.responses.create({ model: 'gpt-4o', input: 'Pick a table' });
        return db.query('SELECT count(*) FROM ' + r.output_text);
      }
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([12, 18]);
  });

  it('stays quiet for parameterised queries, tagged sql templates, user input and vector-store queries', async () => {
    const found = await findings('safe.ts', `
      import OpenAI from 'openai';
      import { Pool } from 'pg';
      import { sql } from '@vercel/postgres';
      import { Pinecone } from '@pinecone-database/pinecone';

      const pool = new Pool();
      const openai = new OpenAI();
      const index = new Pinecone().index('docs');

      export async function save(req: { body: { name: string } }) {
        const r = await openai.responses.create({ model: 'gpt-4o', input: 'Summarise' });
        const summary = r.output_text;
        await pool.query('INSERT INTO notes (body) VALUES ($1)', [summary]);
        await pool.query({ text: 'UPDATE notes SET body = $1', values: [summary] });
        await sql\`INSERT INTO notes (body) VALUES (\${summary})\`;
        await pool.query(\`SELECT * FROM users WHERE name = '\${req.body.name}'\`);
        await index.query({ vector: [0.1, 0.2], topK: 3, filter: { summary } });
        const label = "SELECT * FROM t WHERE x = '" + 'literal' + "'";
        await pool.query(label);
        const client = { get: (url: string) => fetch(url) };
        await client.get(summary);
        await client.get(\`/notes/\${summary}\`);
      }
    `);
    expect(found).toEqual([]);
  });
});
