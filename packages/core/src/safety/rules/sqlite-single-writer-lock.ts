import type { Token } from '../../dialects/sqlite/table-sql';
import { sqliteDetail } from '../sqlite/analyze';
import type { SqliteStatement } from '../sqlite/read';
import type { Rule } from '../types';

const BATCH = 1000;

function topLevelWords(tokens: Token[]): string[] {
  let depth = 0;
  const words: string[] = [];
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word') words.push(t.value.toUpperCase());
  }
  return words;
}

/** The whole-table UPDATE / DELETE rewritten to touch one batch of rows, each batch its own transaction. */
function batchedSql(s: SqliteStatement, sql: string): string | undefined {
  const words = topLevelWords(s.tokens);
  if (words[0] !== (s.kind === 'DELETE' ? 'DELETE' : 'UPDATE')) return undefined;
  const clauses = words.slice(s.kind === 'DELETE' ? 2 : 1);
  if (['FROM', 'RETURNING', 'ORDER', 'LIMIT'].some((w) => clauses.includes(w))) return undefined;
  const nameAt = s.tokens.findIndex((t) => t.value === s.table);
  const name = s.tokens[nameAt];
  if (!name) return undefined;
  const batch = (extra: string) => `rowid IN (SELECT rowid FROM ${name.text}${extra} ORDER BY rowid LIMIT ${BATCH})`;
  if (s.kind === 'DELETE') return `-- repeat until it deletes no rows, each batch in its own transaction:\n${sql.slice(0, name.end)} WHERE ${batch('')}`;
  return `-- repeat with :last_rowid = the highest rowid done so far (from 0), each batch in its own transaction:\n${sql} WHERE ${batch(' WHERE rowid > :last_rowid')}`;
}

function why(s: SqliteStatement, size: string): string {
  const rows = `every row of ${s.table}${size}`;
  switch (s.kind) {
    case 'UPDATE':
      return `this UPDATE writes ${rows}`;
    case 'DELETE':
      return `this DELETE removes ${rows}, one by one`;
    case 'ALTER TABLE DROP COLUMN':
      return `DROP COLUMN rewrites ${rows} to purge the column`;
    case 'ALTER TABLE ADD COLUMN':
      return `a new column with a CHECK constraint is checked against ${rows}`;
    case 'ALTER TABLE ADD CONSTRAINT':
      return `the new CHECK constraint is checked against ${rows}`;
    case 'ALTER TABLE ALTER COLUMN':
      return `SET NOT NULL checks ${rows}`;
    case 'VACUUM':
      return 'VACUUM rewrites the whole database file';
    default:
      return `building the index reads ${rows}`;
  }
}

/**
 * SQLite lets one connection write at a time. A statement that reads or rewrites a whole table
 * holds the write lock until its transaction ends; other writers wait, then fail with SQLITE_BUSY.
 */
export const sqliteSingleWriterLock: Rule = {
  id: 'sqlite-single-writer-lock',
  code: 'MIG-SL102',
  severity: 'warning',
  dialects: ['sqlite'],
  summary: 'statement that holds the single write lock while it reads or rewrites a whole table',
  fix: 'run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)',
  check(ctx) {
    const f = ctx.statement;
    const detail = sqliteDetail(f);
    const s = detail?.statement;
    if (!s || detail.rebuild || !(f.scan || f.rewrite) || f.locks.length === 0) return [];
    const rows = detail.stats?.rows;
    const size = rows === null || rows === undefined ? '' : ` (about ${rows.toLocaleString('en-US')} rows)`;
    const fix = s.kind === 'UPDATE' || s.kind === 'DELETE' ? batchedSql(s, f.sql) : undefined;
    return [
      {
        message: `${why(s, size)} while holding the database write lock: every other writer waits until ${f.inTransaction ? 'the transaction commits' : 'it finishes'}`,
        ...(fix ? { fix } : {}),
      },
    ];
  },
};
