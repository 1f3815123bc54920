import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToSql = llmOutputRule(
  {
    id: 'javascript/llm-output-to-sql',
    title: 'LLM output in a SQL statement',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-89'], owaspLlm: ['LLM05:2025', 'LLM01:2025'] },
    description:
      "A model's reply is interpolated into SQL (a template literal or + concatenation passed to query/execute/raw/$queryRawUnsafe/sequelize.query), or is run as the statement itself. A manipulated reply can read, change or drop any data the connection can reach. Parameterised queries (`query('... $1', [text])`) and tagged sql`...` templates are not reported.",
    fix: 'Pass model output as a bound parameter (`$1`, `?`, tagged sql`` templates, Prisma $queryRaw``). For text-to-SQL features, run generated statements on a read-only connection restricted to allowlisted tables, after parsing them and rejecting anything but a single SELECT.',
  },
  'sql',
  'a prompt-injected reply can change the query and reach any data the connection can',
);
