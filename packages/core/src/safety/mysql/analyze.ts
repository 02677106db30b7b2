/**
 * The MySQL / MariaDB analyzer: for each statement, the locks it takes (the online-DDL algorithm
 * and lock level, and the metadata lock every DDL statement takes, exclusively and briefly, at its
 * start and end), whether the table is copied or rebuilt, whether every row is read, and whether it
 * may run in a transaction (DDL commits implicitly, so never).
 *
 * Lock modes reported (LockFact.mode):
 *  - `INSTANT`, `INPLACE/NONE`, `INPLACE/SHARED`, `INPLACE/EXCLUSIVE`, `COPY/SHARED`, `COPY/EXCLUSIVE`:
 *    the ALTER's algorithm and the lock level concurrent DML runs under (NONE: reads and writes go
 *    on; SHARED: reads only; EXCLUSIVE: nothing);
 *  - `metadata lock (exclusive, brief)` on every table a DDL statement changes: it waits for open
 *    transactions on the table and queues every later query behind it;
 *  - `metadata lock (shared)` on the parent table of a new foreign key, and for ANALYZE TABLE;
 *  - `row locks` for INSERT / UPDATE / DELETE; `table lock (READ|WRITE)` for LOCK TABLES.
 *
 * Kinds (StatementFacts.kind) are the statement's leading words (`CREATE INDEX`, `DROP TABLE`,
 * `UPDATE`), ALTER TABLE with its clause types (`ALTER TABLE/addColumn,addIndex`).
 *
 * Statements mig planned come with their typed operation (`change`), which settles what a MODIFY
 * COLUMN restating a whole column is for (NOT NULL, type); raw SQL is read from its text.
 */
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import type { LockFact, StatementFacts } from '../types';
import { UnreadableStatement } from './cursor';
import { type StatementVerdict, clauseVerdict, statementVerdict } from './online-ddl';
import {
  type ParsedStatement,
  analyzeTableTargets,
  foreignKeyChecksSetting,
  kindFromText,
  parseOtherStatement,
  renamePairs,
  tablesOf,
  touchesEveryRow,
} from './other-statements';
import { type AlterStatement, type CreatedTable, readAlterStatement, readCreateTable } from './read-ddl';
import { type MysqlFlavor, type MysqlServer, mysqlServer } from './server';
import { splitMysqlStatements } from './split';
import { SchemaState, type TableState, snapshotTable } from './table-state';

export const METADATA_LOCK = 'metadata lock (exclusive, brief)';
export const PARENT_METADATA_LOCK = 'metadata lock (shared)';
export const ROW_LOCKS = 'row locks';

export interface MysqlAnalyzeOptions {
  /** `mysql` (the default) or `mariadb` */
  flavor?: MysqlFlavor;
  /** `8.0.29`, `10.11`, or what SELECT VERSION() returns; default DEFAULT_MYSQL_VERSION */
  version?: string | number;
  /** the schema before the first statement (`--schema-from`, `--db`), with statistics when known */
  schema?: Schema;
  /** the database name, for the gh-ost / pt-online-schema-change commands */
  database?: string;
}

/** A statement mig planned, with the operation it came from. */
export interface PlannedStatement {
  sql: string;
  transactional: boolean;
  change?: Operation;
}

/** What the MySQL rules read from a statement's facts (StatementFacts.node). */
export interface MysqlStatementDetail {
  dialect: 'mysql';
  server: MysqlServer;
  /** ALTER TABLE, CREATE INDEX, DROP INDEX or OPTIMIZE TABLE, as read */
  alter?: AlterStatement;
  verdict?: StatementVerdict;
  /** the verdict without the statement's ALGORITHM= / LOCK=: what the operation needs by itself */
  natural?: StatementVerdict;
  /** the altered table as it was before the statement */
  table?: TableState;
  /** tables whose foreign keys reference the altered table */
  referencedBy: string[];
  /** the session's foreign_key_checks when the statement runs */
  fkChecks: boolean;
  database?: string;
  /** node-sql-parser's tree, for other statements */
  ast?: unknown;
}

export function mysqlDetail(facts: StatementFacts): MysqlStatementDetail | undefined {
  const node = facts.node as MysqlStatementDetail | undefined;
  return node?.dialect === 'mysql' ? node : undefined;
}

/** `INSTANT`, `INPLACE/NONE`, `COPY/SHARED`, … */
export function algorithmMode(v: Pick<StatementVerdict, 'algorithm' | 'lock'>): string {
  return v.algorithm === 'INSTANT' ? 'INSTANT' : `${v.algorithm}/${v.lock}`;
}

/** `ALTER TABLE/addColumn,addIndex`: the statement and its clause types, as the PostgreSQL analyzer names subcommands. */
function alterKind(alter: AlterStatement): string {
  if (alter.kind !== 'ALTER TABLE' || alter.clauses.length === 0) return alter.kind;
  return `ALTER TABLE/${[...new Set(alter.clauses.map((c) => c.type))].join(',')}`;
}

const DDL = new Set(['CREATE', 'DROP', 'ALTER', 'RENAME', 'TRUNCATE']);
const DML = new Set(['INSERT', 'REPLACE', 'UPDATE', 'DELETE']);

interface Input {
  sql: string;
  index: number;
  /** set for planned statements */
  transactional?: boolean;
  change?: Operation;
}

/** Walks a script in order, keeping the tables, foreign_key_checks and the open transaction. */
class Walker {
  private readonly state: SchemaState;
  private readonly server: MysqlServer;
  private fkChecks = true;
  private inTransaction = false;

  constructor(private readonly options: MysqlAnalyzeOptions) {
    this.state = new SchemaState(options.schema);
    this.server = mysqlServer(options.flavor ?? 'mysql', options.version);
  }

  facts(input: Input): StatementFacts {
    const pieces = splitMysqlStatements(input.sql);
    if (pieces.length > 1) {
      return this.unreadable(input, `the text holds ${pieces.length} statements; mig analyses one statement at a time`);
    }
    let alter: AlterStatement | undefined;
    try {
      alter = readAlterStatement(input.sql);
    } catch (e) {
      if (e instanceof UnreadableStatement || (e as { code?: string }).code === 'MYSQL_LEX') return this.unreadable(input, (e as Error).message);
      throw e;
    }
    if (alter) return this.alterFacts(input, alter);
    const analyzed = analyzeTableTargets(input.sql);
    if (analyzed) {
      // ANALYZE TABLE reads index statistics under a shared metadata lock; MySQL 8 then evicts the table definition.
      return {
        ...this.base(input, 'ANALYZE TABLE', false),
        tables: analyzed,
        locks: analyzed.map((table) => ({ table, mode: PARENT_METADATA_LOCK })),
        node: this.detail(),
      };
    }
    let parsed: ParsedStatement;
    try {
      parsed = parseOtherStatement(input.sql, this.server.flavor);
    } catch (e) {
      const created = readCreateTable(input.sql);
      if (created) return this.createTableFacts(input, created, () => this.state.create(created), 'CREATE TABLE');
      return this.unreadable(input, (e as Error).message);
    }
    return this.otherFacts(input, parsed);
  }

  private detail(extra: Partial<MysqlStatementDetail> = {}): MysqlStatementDetail {
    return {
      dialect: 'mysql',
      server: this.server,
      referencedBy: [],
      fkChecks: this.fkChecks,
      ...(this.options.database ? { database: this.options.database } : {}),
      ...extra,
    };
  }

  private base(input: Input, kind: string, transactional: boolean): StatementFacts {
    const planned = input.transactional;
    const runsInTransaction = planned === undefined ? transactional && this.inTransaction : planned && transactional;
    return {
      sql: input.sql,
      index: input.index,
      kind,
      ...(input.change ? { change: input.change } : {}),
      transactional: planned === undefined ? transactional : planned && transactional,
      inTransaction: runsInTransaction,
      tables: [],
      locks: [],
      rewrite: false,
      scan: false,
    };
  }

  private unreadable(input: Input, message: string): StatementFacts {
    return { ...this.base(input, kindFromText(input.sql), false), parseError: message, node: this.detail() };
  }

  /** DDL commits the open transaction before and after it runs. */
  private ddl(input: Input, kind: string): StatementFacts {
    this.inTransaction = false;
    return this.base(input, kind, false);
  }

  private alterFacts(input: Input, alter: AlterStatement): StatementFacts {
    const before = this.state.get(alter.table);
    const table = before ? snapshotTable(before) : undefined;
    const ctx = {
      server: this.server,
      statement: alter,
      fkChecks: this.fkChecks,
      ...(table ? { table } : {}),
      ...(input.change ? { change: input.change } : {}),
    };
    const clauses = alter.clauses.map((c) => clauseVerdict(c, ctx));
    const verdict = statementVerdict(clauses, alter, this.server);
    const natural = statementVerdict(clauses, { ...alter, algorithm: undefined, lock: undefined }, this.server);
    const locks: LockFact[] = [
      { table: alter.table, mode: METADATA_LOCK },
      { table: alter.table, mode: algorithmMode(verdict) },
    ];
    for (const v of verdict.verdicts) {
      if (v.parent && !locks.some((l) => l.table === v.parent)) locks.push({ table: v.parent, mode: PARENT_METADATA_LOCK });
      if (v.clause.type === 'renameTable') locks.push({ table: v.clause.to, mode: METADATA_LOCK });
    }
    const facts: StatementFacts = {
      ...this.ddl(input, alterKind(alter)),
      tables: [...new Set(locks.map((l) => l.table))],
      locks,
      rewrite: verdict.rebuild,
      scan: verdict.scan,
      node: this.detail({
        alter,
        verdict,
        natural,
        ...(table ? { table } : {}),
        referencedBy: this.state.referencing(alter.table),
      }),
    };
    for (const clause of alter.clauses) this.state.apply(alter.table, clause);
    return facts;
  }

  /** CREATE TABLE; a foreign key also takes a metadata lock on its parent table. */
  private createTableFacts(input: Input, created: CreatedTable | string, record: () => void, kind: string, ast?: unknown): StatementFacts {
    record();
    const table = typeof created === 'string' ? created : created.table;
    const parents = typeof created === 'string' ? [] : [...new Set(created.foreignKeys.map((f) => f.refTable))].filter((p) => p !== table);
    return {
      ...this.ddl(input, kind),
      tables: [table, ...parents],
      locks: [{ table, mode: METADATA_LOCK }, ...parents.map((p) => ({ table: p, mode: PARENT_METADATA_LOCK }))],
      node: this.detail(ast === undefined ? {} : { ast }),
    };
  }

  private otherFacts(input: Input, parsed: ParsedStatement): StatementFacts {
    const type = String(parsed.ast['type']).toUpperCase();
    const node = this.detail({ ast: parsed.ast });
    if (parsed.kind === 'CREATE TABLE') {
      const name = tablesOf(parsed, 'create')[0] ?? '';
      const created = readCreateTable(input.sql);
      const record = () => (created ? this.state.create(created) : this.state.createUnknown(name));
      return this.createTableFacts(input, created ?? name, record, parsed.kind, parsed.ast);
    }
    if (DDL.has(type)) return this.ddlFacts(input, parsed, node);
    if (DML.has(type)) {
      const targets = tablesOf(parsed, type === 'REPLACE' ? 'insert' : type.toLowerCase());
      return {
        ...this.base(input, parsed.kind, true),
        tables: tablesOf(parsed),
        locks: targets.map((table) => ({ table, mode: ROW_LOCKS })),
        scan: touchesEveryRow(parsed),
        node,
      };
    }
    if (type === 'TRANSACTION') {
      const facts = this.base(input, parsed.kind, true);
      this.inTransaction = ['BEGIN', 'START TRANSACTION'].includes(parsed.kind);
      return { ...facts, inTransaction: this.inTransaction, node };
    }
    if (type === 'LOCK') {
      const tables = (parsed.ast['tables'] ?? []) as { table: { table: string }; lock_type: { type: string } }[];
      return {
        ...this.ddl(input, parsed.kind),
        tables: tables.map((t) => t.table.table),
        locks: tables.map((t) => ({ table: t.table.table, mode: `table lock (${t.lock_type.type.toUpperCase()})` })),
        node,
      };
    }
    if (type === 'SET') {
      const checks = foreignKeyChecksSetting(input.sql);
      if (checks !== undefined) this.fkChecks = checks;
    }
    return { ...this.base(input, parsed.kind, true), tables: tablesOf(parsed), node };
  }

  private ddlFacts(input: Input, parsed: ParsedStatement, node: MysqlStatementDetail): StatementFacts {
    const tables = tablesOf(parsed).filter((t) => t !== '');
    const facts = { ...this.ddl(input, parsed.kind), tables, locks: tables.map((table) => ({ table, mode: METADATA_LOCK })), node };
    if (parsed.kind === 'RENAME TABLE') for (const [from, to] of renamePairs(parsed)) this.state.rename(from, to);
    if (parsed.kind === 'DROP TABLE') for (const t of tables) this.state.drop(t);
    // TRUNCATE drops and recreates the table: a new, empty tablespace.
    return parsed.kind === 'TRUNCATE TABLE' ? { ...facts, rewrite: true } : facts;
  }
}

/** Facts for each statement of a MySQL / MariaDB script, in order. */
export function analyzeMysqlSql(sql: string, options: MysqlAnalyzeOptions = {}): StatementFacts[] {
  const walker = new Walker(options);
  return splitMysqlStatements(sql).map((piece, index) => walker.facts({ sql: piece.sql, index }));
}

/** Facts for the statements mig planned, each with the operation it renders. */
export function mysqlFactsForStatements(statements: PlannedStatement[], options: MysqlAnalyzeOptions = {}): StatementFacts[] {
  const walker = new Walker(options);
  return statements.map((s, index) =>
    walker.facts({ sql: s.sql, index, transactional: s.transactional, ...(s.change ? { change: s.change } : {}) }),
  );
}
