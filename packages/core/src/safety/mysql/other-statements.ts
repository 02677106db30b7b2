/**
 * Statements other than the online-DDL ones read by read-ddl.ts, read with node-sql-parser's
 * MySQL / MariaDB grammars: CREATE / DROP / RENAME / TRUNCATE TABLE, views and triggers, DML,
 * SET, transaction control, LOCK TABLES. What the analyzer needs from them is their kind, the
 * tables they touch and lock, and the session state they change.
 */
import type { Parser } from 'node-sql-parser';
import { Cursor } from './cursor';
import { tokenizeMysql } from './lexer';
import type { MysqlFlavor } from './server';

// node-sql-parser is large: load it on the first statement that needs it.
let loaded: Parser | undefined;
function sqlParser(): Parser {
  loaded ??= new (require('node-sql-parser') as typeof import('node-sql-parser')).Parser();
  return loaded;
}

const GRAMMAR: Record<MysqlFlavor, string> = { mysql: 'MySQL', mariadb: 'MariaDB' };

export interface ParsedStatement {
  /** the statement's kind, e.g. `CREATE TABLE`, `UPDATE`, `SET`, `BEGIN` */
  kind: string;
  ast: Record<string, unknown>;
  /** node-sql-parser's table list: `type::db::table` entries */
  tableList: string[];
}

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]?.slice(0, 160) ?? 'unknown error';
}

function leadingWords(sql: string, count: number): string {
  return tokenizeMysql(sql)
    .slice(0, count)
    .filter((t) => t.kind === 'word')
    .map((t) => t.value.toUpperCase())
    .join(' ');
}

const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** The statement's first words as its kind, for statements that could not be read. */
export function kindFromText(sql: string): string {
  const words = sql.replace(LEADING_NOISE, '').match(/^[A-Za-z_]+(?:\s+[A-Za-z_]+)?/)?.[0].toUpperCase().split(/\s+/) ?? [];
  const [first = 'UNKNOWN', second] = words;
  return ['CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE', 'OPTIMIZE', 'ANALYZE'].includes(first) && second ? `${first} ${second}` : first;
}

function kindOf(ast: Record<string, unknown>, sql: string): string {
  const type = String(ast['type'] ?? '').toUpperCase();
  const keyword = typeof ast['keyword'] === 'string' ? ast['keyword'].toUpperCase() : '';
  if (type === 'TRANSACTION') return leadingWords(sql, 2) === 'START TRANSACTION' ? 'START TRANSACTION' : leadingWords(sql, 1);
  if (['CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'LOCK'].includes(type) && keyword) return `${type} ${keyword}`;
  if (type === 'RENAME') return 'RENAME TABLE';
  return type || kindFromText(sql);
}

/** `<=>` outside quotes and comments replaced by ` = `. */
export function nullSafeAsEquals(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' && c !== '`' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (sql.startsWith('<=>', i)) {
      out += ' = ';
      i += 3;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Parse with the server's grammar, then the other flavour's (their DDL and DML differ little, and
 * each grammar of node-sql-parser 5.4 misses forms the other reads). Throws the first grammar's
 * error when neither reads it.
 */
export function parseOtherStatement(sql: string, flavor: MysqlFlavor): ParsedStatement {
  const order: MysqlFlavor[] = flavor === 'mariadb' ? ['mariadb', 'mysql'] : ['mysql', 'mariadb'];
  let first: unknown;
  // node-sql-parser 5.4 cannot read the null-safe `<=>`; as `=` the statement has the same kind and tables
  const readable = nullSafeAsEquals(sql);
  for (const [f, text] of [...order.map((f) => [f, sql] as const), ...(readable === sql ? [] : order.map((f) => [f, readable] as const))]) {
    try {
      const opt = { database: GRAMMAR[f] };
      const parsed = sqlParser().astify(text, opt);
      const ast = (Array.isArray(parsed) ? parsed[0] : parsed) as unknown as Record<string, unknown>;
      return { kind: kindOf(ast, sql), ast, tableList: sqlParser().tableList(text, opt) };
    } catch (e) {
      first ??= e;
    }
  }
  throw new Error(errorText(first));
}

/** Tables of the list with the given access (`insert`, `update`, `delete`, `select`, …); all when none is given. */
export function tablesOf(parsed: ParsedStatement, ...access: string[]): string[] {
  const out: string[] = [];
  for (const entry of parsed.tableList) {
    const [type, , table] = entry.split('::');
    if (!table || (access.length && !access.includes((type as string).toLowerCase()))) continue;
    if (!out.includes(table)) out.push(table);
  }
  return out;
}

/** RENAME TABLE a TO b, c TO d: the pairs in order. */
export function renamePairs(parsed: ParsedStatement): [string, string][] {
  const pairs = (parsed.ast['table'] ?? []) as { table: string }[][];
  return pairs.map((p) => [p[0]?.table ?? '', p[1]?.table ?? ''] as [string, string]);
}

/**
 * The session value SET gives foreign_key_checks, if it sets it: `SET foreign_key_checks = 0`,
 * `SET SESSION …`, `SET @@session.foreign_key_checks = OFF`. SET GLOBAL leaves the session alone.
 */
export function foreignKeyChecksSetting(sql: string): boolean | undefined {
  const tokens = tokenizeMysql(sql);
  let result: boolean | undefined;
  tokens.forEach((t, i) => {
    const name = t.value.toLowerCase();
    if (!/(^|\.)foreign_key_checks$/.test(name)) return;
    const prev = tokens[i - 1]?.value.toUpperCase();
    if (prev === 'GLOBAL' || /^@@global\./i.test(t.value)) return;
    const value = tokens[i + 2];
    if (!value || !['=', ':='].includes(tokens[i + 1]?.value ?? '')) return;
    const v = value.value.toUpperCase();
    if (['0', 'OFF', 'FALSE'].includes(v)) result = false;
    else if (['1', 'ON', 'TRUE', 'DEFAULT'].includes(v)) result = true;
  });
  return result;
}

/** UPDATE / DELETE without WHERE touches every row. */
export function touchesEveryRow(parsed: ParsedStatement): boolean {
  const type = String(parsed.ast['type']);
  return (type === 'update' || type === 'delete') && parsed.ast['where'] == null;
}

/**
 * ANALYZE TABLE t[, …] (node-sql-parser 5.4 reads neither grammar's form): its tables, or
 * undefined for any other statement.
 */
export function analyzeTableTargets(sql: string): string[] | undefined {
  const c = new Cursor(sql);
  if (!c.accept('ANALYZE')) return undefined;
  c.acceptAny('NO_WRITE_TO_BINLOG', 'LOCAL');
  if (!c.accept('TABLE') && !c.accept('TABLES')) return undefined;
  const tables = [c.tableName()];
  while (c.acceptOp(',')) tables.push(c.tableName());
  return c.atEnd() ? tables : undefined;
}
