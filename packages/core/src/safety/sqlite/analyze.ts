/**
 * The SQLite analyzer. SQLite has one writer at a time: every statement that writes takes the
 * database write lock (`database write lock`) until its transaction ends, and every other writer
 * waits for it (or fails with SQLITE_BUSY once its busy_timeout runs out); in WAL mode readers go
 * on. What SQLite's ALTER TABLE cannot do is done by the table rebuild
 * (https://www.sqlite.org/lang_altertable.html#otheralter), which mig renders as CREATE TABLE
 * new_x, INSERT INTO new_x SELECT … FROM x, DROP TABLE x, ALTER TABLE new_x RENAME TO x: the copy
 * rewrites every row under the write lock, and the indexes are built again. The rebuild is
 * recognised from those statements, whoever wrote them.
 */
import type { Operation } from '../../model/operations';
import { type Schema, type Table, findTable } from '../../model/schema';
import type { StatementFacts } from '../types';
import { type SqliteStatement, readSqliteStatement } from './read';
import { splitSqliteStatements } from './split';
import { SqliteSyntaxChecker } from './syntax';

export const DATABASE_WRITE_LOCK = 'database write lock';
/** The lock table of statements that write the whole database (VACUUM) rather than one table. */
export const WHOLE_DATABASE = '*';

export interface SqliteAnalyzeOptions {
  /** the schema before the first statement, with row statistics when known */
  schema?: Schema;
}

export interface PlannedStatement {
  sql: string;
  transactional: boolean;
  change?: Operation;
}

/** One statement's part in a table rebuild. */
export interface RebuildStep {
  /** the table rebuilt */
  table: string;
  /** the new table the rows are copied into */
  temp: string;
  step: 'create' | 'copy' | 'drop' | 'rename' | 'index';
  /** the operation the rebuild carries out, when mig planned it */
  change?: Operation;
}

/** What the SQLite rules read from a statement's facts (StatementFacts.node). */
export interface SqliteStatementDetail {
  dialect: 'sqlite';
  statement?: SqliteStatement;
  rebuild?: RebuildStep;
  /** statistics of the table written, when known */
  stats?: Table['stats'];
  /** the table was created earlier in the same script and holds no copied rows */
  createdInScript: boolean;
}

export function sqliteDetail(facts: StatementFacts): SqliteStatementDetail | undefined {
  const node = facts.node as SqliteStatementDetail | undefined;
  return node?.dialect === 'sqlite' ? node : undefined;
}

/** Pragmas that have no effect inside a transaction, or fail there; VACUUM cannot run in one either. */
const OUTSIDE_TRANSACTION_PRAGMAS = new Set(['foreign_keys', 'journal_mode', 'legacy_file_format', 'page_size', 'auto_vacuum']);

const TRANSACTION_CONTROL = new Set(['BEGIN', 'SAVEPOINT', 'COMMIT', 'ROLLBACK']);

interface Input {
  sql: string;
  index: number;
  transactional?: boolean;
  change?: Operation;
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

class Walker {
  private inTransaction = false;
  /** tables created by the script and not filled from another table */
  private readonly created = new Set<string>();

  private readonly syntax: SqliteSyntaxChecker;

  constructor(private readonly options: SqliteAnalyzeOptions) {
    this.syntax = new SqliteSyntaxChecker(options.schema);
  }

  close(): void {
    this.syntax.close();
  }

  facts(input: Input): StatementFacts {
    const pieces = splitSqliteStatements(input.sql);
    if (pieces.length > 1) return this.unreadable(input, `the text holds ${pieces.length} statements; mig analyses one statement at a time`);
    const syntax = this.syntax.error(input.sql);
    if (syntax) return this.unreadable(input, syntax);
    let statement: SqliteStatement;
    try {
      statement = readSqliteStatement(input.sql);
    } catch (e) {
      return this.unreadable(input, (e as Error).message);
    }
    return this.statementFacts(input, statement);
  }

  private base(input: Input, kind: string, transactional: boolean): StatementFacts {
    const planned = input.transactional;
    return {
      sql: input.sql,
      index: input.index,
      kind,
      ...(input.change ? { change: input.change } : {}),
      transactional: planned === undefined ? transactional : planned && transactional,
      inTransaction: planned === undefined ? this.inTransaction : planned && transactional,
      tables: [],
      locks: [],
      rewrite: false,
      scan: false,
    };
  }

  private unreadable(input: Input, message: string): StatementFacts {
    const kind = /^\s*([A-Za-z]+)/.exec(input.sql)?.[1]?.toUpperCase() ?? 'UNKNOWN';
    return {
      ...this.base(input, kind, true),
      parseError: message,
      node: { dialect: 'sqlite', createdInScript: false } satisfies SqliteStatementDetail,
    };
  }

  private indexOwner(index: string | undefined): string | undefined {
    return this.options.schema?.tables.find((t) => t.indexes.some((i) => sameName(i.name, index)))?.name;
  }

  private stats(table: string | undefined): Table['stats'] | undefined {
    return table && this.options.schema ? findTable(this.options.schema, table)?.stats : undefined;
  }

  private statementFacts(input: Input, s: SqliteStatement): StatementFacts {
    const transactional = !(s.kind === 'VACUUM' || (s.kind === 'PRAGMA' && OUTSIDE_TRANSACTION_PRAGMAS.has(s.pragma ?? '')));
    // BEGIN opens the transaction it belongs to; COMMIT and ROLLBACK close it.
    if (TRANSACTION_CONTROL.has(s.kind)) this.track(s);
    const facts = this.base(input, s.kind, transactional);
    const createdInScript = s.table !== undefined && this.created.has(s.table.toLowerCase());
    const table = s.table ?? this.indexOwner(s.index) ?? WHOLE_DATABASE;
    const tables = [...new Set([s.table, s.source].filter((t): t is string => t !== undefined))];
    const scan =
      (s.kind === 'UPDATE' || s.kind === 'DELETE' ? !s.where : false) ||
      (/^CREATE (UNIQUE )?INDEX$/.test(s.kind) && !createdInScript) ||
      s.kind === 'ALTER TABLE DROP COLUMN' ||
      Boolean(s.validates);
    if (!TRANSACTION_CONTROL.has(s.kind)) this.track(s);
    const stats = this.stats(s.table);
    return {
      ...facts,
      tables,
      locks: s.writes && table ? [{ table, mode: DATABASE_WRITE_LOCK }] : [],
      // DROP COLUMN rewrites every row to purge the column; VACUUM rewrites the whole file.
      rewrite: s.kind === 'ALTER TABLE DROP COLUMN' || s.kind === 'VACUUM',
      scan,
      node: { dialect: 'sqlite', statement: s, createdInScript, ...(stats ? { stats } : {}) } satisfies SqliteStatementDetail,
    };
  }

  private track(s: SqliteStatement): void {
    if (s.kind === 'BEGIN' || s.kind === 'SAVEPOINT') this.inTransaction = true;
    if (s.kind === 'COMMIT' || s.kind === 'ROLLBACK') this.inTransaction = false;
    if (s.kind === 'CREATE TABLE' && s.table) this.created.add(s.table.toLowerCase());
    // Rows copied in (a rebuild's INSERT … SELECT) make a new table as big as its source.
    if ((s.kind === 'INSERT' || s.kind === 'REPLACE') && s.source && s.table) this.created.delete(s.table.toLowerCase());
    if (s.kind === 'ALTER TABLE RENAME' && s.table && s.renameTo && this.created.delete(s.table.toLowerCase())) {
      this.created.add(s.renameTo.toLowerCase());
    }
  }
}

/**
 * Mark the statements of each table rebuild: CREATE TABLE t2, INSERT INTO t2 … SELECT … FROM t1,
 * DROP TABLE t1, ALTER TABLE t2 RENAME TO t1, in that order. The copy rewrites and reads every row.
 */
function markRebuilds(facts: StatementFacts[], schema: Schema | undefined): void {
  const read = (f: StatementFacts) => sqliteDetail(f)?.statement;
  facts.forEach((copy, i) => {
    const s = read(copy);
    if (s?.kind !== 'INSERT' || !s.source || !s.table) return;
    const [temp, table] = [s.table, s.source];
    const create = facts.slice(0, i).findLastIndex((f) => read(f)?.kind === 'CREATE TABLE' && sameName(read(f)?.table, temp));
    const drop = facts.findIndex((f, j) => j > i && read(f)?.kind === 'DROP TABLE' && sameName(read(f)?.table, table));
    const rename = facts.findIndex((f, j) => {
      const r = read(f);
      return j > drop && r?.kind === 'ALTER TABLE RENAME' && sameName(r.table, temp) && sameName(r.renameTo, table);
    });
    if (create < 0 || drop < 0 || rename < 0) return;
    const change = copy.change;
    const stats = schema ? findTable(schema, table)?.stats : undefined;
    const steps: [number, RebuildStep['step']][] = [[create, 'create'], [i, 'copy'], [drop, 'drop'], [rename, 'rename']];
    // The rebuilt table's indexes are created again right after the rename.
    for (let j = rename + 1; j < facts.length; j++) {
      const next = read(facts[j] as StatementFacts);
      if (next?.kind === 'PRAGMA') continue;
      if (!next || !/^CREATE (UNIQUE )?INDEX$/.test(next.kind) || !sameName(next.table, table)) break;
      steps.push([j, 'index']);
    }
    for (const [index, step] of steps) {
      const f = facts[index] as StatementFacts;
      const detail = sqliteDetail(f) as SqliteStatementDetail;
      f.node = { ...detail, rebuild: { table, temp, step, ...(change ? { change } : {}) }, ...(stats ? { stats } : {}) };
    }
    copy.rewrite = true;
    copy.scan = true;
    copy.tables = [table, temp];
    copy.locks = [
      { table, mode: DATABASE_WRITE_LOCK },
      { table: temp, mode: DATABASE_WRITE_LOCK },
    ];
  });
}

/** Facts for each statement of a SQLite script, in order. */
export function analyzeSqliteSql(sql: string, options: SqliteAnalyzeOptions = {}): StatementFacts[] {
  return walk(options, splitSqliteStatements(sql).map((piece, index) => ({ sql: piece.sql, index })));
}

function walk(options: SqliteAnalyzeOptions, inputs: Input[]): StatementFacts[] {
  const walker = new Walker(options);
  try {
    const facts = inputs.map((input) => walker.facts(input));
    markRebuilds(facts, options.schema);
    return facts;
  } finally {
    walker.close();
  }
}

/** Facts for the statements mig planned, each with the operation it renders. */
export function sqliteFactsForStatements(statements: PlannedStatement[], options: SqliteAnalyzeOptions = {}): StatementFacts[] {
  return walk(
    options,
    statements.map((s, index) => ({ sql: s.sql, index, transactional: s.transactional, ...(s.change ? { change: s.change } : {}) })),
  );
}
