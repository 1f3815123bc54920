import type { PythonRule } from '../rule.js';
import type { TaintCall } from '../taint/engine.js';
import { argument, reportTaintedSinks } from '../taint/sinks.js';

const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql', 'mogrify']);
const DATABASE_MODULES = /^(?:sqlite3|aiosqlite|psycopg2?|pymysql|MySQLdb|mysql\.connector|sqlalchemy|duckdb|asyncpg|cx_Oracle|oracledb|pyodbc|pymssql|snowflake\.connector|databricks\.sql|clickhouse_driver|trino\.dbapi|sqlmodel|django\.db)\b/;
/** A receiver named like a cursor, connection, session or engine. */
const DATABASE_RECEIVER = /(?:^|[._])(?:cur|cursor|conn|connection|con|db|database|session|sess|engine|tx|txn|transaction|sql|dbapi|duck|client)\w*$/i;
const QUERY_FUNCTIONS = new Map<string, string>([
  ['sqlalchemy.text', 'text'],
  ['sqlalchemy.sql.text', 'text'],
  ['sqlalchemy.sql.expression.text', 'text'],
  ['sqlmodel.text', 'text'],
  ['pandas.read_sql', 'sql'],
  ['pandas.read_sql_query', 'sql'],
  ['duckdb.sql', 'query'],
  ['duckdb.query', 'query'],
  ['duckdb.execute', 'query'],
]);

function receiverText(call: TaintCall): string {
  const at = call.calleeText.lastIndexOf('.');
  return at < 0 ? '' : call.calleeText.slice(0, at);
}

export const llmOutputToSql: PythonRule = {
  meta: {
    id: 'python/llm-output-to-sql',
    title: 'LLM output is run as SQL',
    severity: 'high',
    principle: '1.3',
    references: { cwe: ['CWE-89'], owaspLlm: ['LLM05:2025', 'LLM01:2025'], atlas: ['AML.T0051.001'] },
    description:
      'Text-to-SQL and "let the model fill in the query" designs run whatever statement the model returns, and the model follows instructions hidden in the data it reads: a prompt injection becomes `DROP TABLE` or a dump of another tenant\'s rows. The query string itself is built from model output (an f-string, `+`, `%` or `.format`, or the reply passed whole). Model text passed as a bound parameter is not reported. Related rules: Bandit B608.',
    fix: 'Pass model output only as bound parameters (`cur.execute("SELECT * FROM t WHERE id = ?", (value,))`). If the model must write queries, run them on a read-only connection with a least-privilege role, parse and allow-list the statement (SELECT only, known tables), and cap rows and time.',
  },
  check(module, report) {
    reportTaintedSinks(module, report, {
      kind: 'sql',
      match(call) {
        const callee = call.callee;
        const queryKeyword = callee === undefined ? undefined : QUERY_FUNCTIONS.get(callee);
        if (queryKeyword !== undefined) {
          return { args: [argument(call, 0, queryKeyword)], name: call.calleeText, why: 'the model text becomes SQL, so a prompt injection can read or change any data the connection can' };
        }
        if (call.method === undefined || !EXECUTE_METHODS.has(call.method)) return undefined;
        const database = (callee !== undefined && DATABASE_MODULES.test(callee)) || DATABASE_RECEIVER.test(receiverText(call));
        if (!database) return undefined;
        return {
          args: [argument(call, 0, 'sql') ?? call.keywords.get('statement') ?? call.keywords.get('query') ?? call.keywords.get('operation')],
          name: call.calleeText,
          why: 'the model text becomes SQL, so a prompt injection can read or change any data the connection can',
        };
      },
    });
  },
};
