/**
 * What one parsed statement does on a PostgreSQL server: the tables it touches, the strongest
 * lock it takes on each (as `pg_locks` shows it, named as PostgreSQL names modes), whether it
 * rewrites a table (new relfilenode), whether it reads every row of a table, and whether it may
 * run inside a transaction block. Checked statement by statement against a real PostgreSQL 15
 * server in locks.spec.ts.
 *
 * `scan` means: the statement reads every row of a table that existed before it — a rewrite's
 * copy, an index build, a constraint validation or NOT NULL check, a refreshed view's query, or
 * DML that cannot use an index.
 */
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import type { StatementFacts } from '../types';
import { type Fields, as, bool, collect, list, names, str, typeOf } from './ast';
import { alterTable } from './alter-table';
import { cluster, createIndex, createTable, createTableAs, drop, reindex, rename, truncate, vacuum } from './ddl';
import { type Ctx, type Describer, Description, relName } from './description';
import { deleteRows, insert, readsFrom, select, update } from './dml';
import { learn } from './learn';
import { LOCK_MODES } from './locks';
import type { ParsedStatement, TransactionPlace } from './parse';
import { SessionSettings } from './session';
import { Knowledge } from './state';

export interface FactsOptions {
  /** server major version: 15, 12, 9.6 */
  version: number;
  /** the session TimeZone, when known (a `SET TimeZone` in the text overrides it) */
  timeZone?: string;
}

/**
 * Builds the facts of a text's statements in order, keeping what earlier statements created,
 * renamed or set (tables, columns, indexes, constraints, TimeZone) for the later ones.
 */
export class FactsBuilder {
  readonly knowledge: Knowledge;
  private readonly session = new SessionSettings();

  /** what describers are given; one object, reused for every statement */
  private readonly ctx: Ctx;

  constructor(
    private readonly options: FactsOptions,
    schema?: Schema,
  ) {
    this.knowledge = new Knowledge(schema);
    this.ctx = { d: new Description('unknown'), k: this.knowledge, version: options.version, timeZone: options.timeZone };
  }

  build(parsed: ParsedStatement, index: number, place: TransactionPlace, change?: Operation): StatementFacts {
    this.session.apply(parsed.node, place);
    const d = parsed.parseError === undefined && parsed.node !== undefined ? this.describe(parsed.node) : undefined;
    // Built by assignment, not by spreading: this runs once per statement of large files.
    const facts: StatementFacts = {
      sql: parsed.sql,
      index,
      kind: d ? d.kind() : 'unparsed',
      transactional: d ? d.transactional : true,
      inTransaction: place.inTransaction,
      tables: d ? exact(d.tables) : [],
      locks: d ? exact(d.locks.facts()) : [],
      rewrite: d ? d.rewrite : false,
      scan: d ? d.scan : false,
    };
    if (change) facts.change = change;
    if (place.transaction !== undefined) facts.transaction = place.transaction;
    if (!d) {
      facts.parseError = parsed.parseError ?? 'the parser returned no statement';
      return facts;
    }
    if (d.notes) facts.notes = d.notes;
    facts.node = parsed.node;
    learn(parsed.node, this.knowledge);
    return facts;
  }

  private describe(node: unknown): Description {
    const type = typeOf(node) ?? 'unknown';
    const fields = (node as Fields | undefined)?.[type] as Fields | undefined;
    const d = new Description(type);
    if (!fields) return d;
    const ctx = this.ctx;
    ctx.d = d;
    ctx.timeZone = this.session.get('timezone') ?? this.options.timeZone;
    const describer = DESCRIBERS[type];
    if (describer) describer(fields, ctx);
    else if (!NO_TABLE_LOCKS.has(type)) {
      for (const r of collect(fields, 'RangeVar')) d.touch(str(r['relname']));
      d.note(`the locks ${type} takes are not modelled; none are listed`);
    }
    return d;
  }
}

/** A list grown by push keeps spare room; the facts are kept, so keep them at their length. */
function exact<T>(list: T[]): T[] {
  return list.length > 1 ? list.slice() : list;
}

/** Statement types that lock no table (types, functions, schemas, settings, transaction control). */
const NO_TABLE_LOCKS = new Set([
  'TransactionStmt',
  'VariableSetStmt',
  'VariableShowStmt',
  'CreateSchemaStmt',
  'CreateEnumStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
  'DefineStmt',
  'CreateFunctionStmt',
  'CreateExtensionStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'DropRoleStmt',
  'CreateCastStmt',
  'DeclareCursorStmt',
  'ClosePortalStmt',
  'FetchStmt',
  'ListenStmt',
  'NotifyStmt',
  'UnlistenStmt',
  'CheckPointStmt',
  'DiscardStmt',
  'LoadStmt',
]);

/** Statements PostgreSQL refuses inside a transaction block. */
const NEVER_IN_TRANSACTION = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'CreateSubscriptionStmt',
  'DropSubscriptionStmt',
]);

const DESCRIBERS: Record<string, Describer> = {
  TransactionStmt: (f, { d }) => d.kinds.push(String(f['kind'])),
  VariableSetStmt: (f, { d }) => d.kinds.push(String(f['kind'])),
  AlterTableStmt: alterTable,
  RenameStmt: rename,
  IndexStmt: createIndex,
  DropStmt: drop,
  ReindexStmt: reindex,
  TruncateStmt: truncate,
  UpdateStmt: update,
  DeleteStmt: deleteRows,
  InsertStmt: insert,
  SelectStmt: select,
  CreateStmt: createTable,
  CreateTableAsStmt: createTableAs,
  ViewStmt: (f, { d }) => readsFrom(d, f['query']),
  VacuumStmt: vacuum,
  ClusterStmt: cluster,
  LockStmt: (f, { d }) => {
    const mode = LOCK_MODES[Number(f['mode'] ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    for (const r of list(f['relations'])) d.lock(relName(r), mode);
  },
  CreateTrigStmt: (f, { d }) => d.lock(relName(f['relation']), 'SHARE ROW EXCLUSIVE'),
  CreatePolicyStmt: (f, { d }) => d.lock(relName(f['table']), 'ACCESS EXCLUSIVE'),
  RefreshMatViewStmt: (f, { d }) => {
    const concurrent = bool(f['concurrent']);
    d.lock(relName(f['relation']), concurrent ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE');
    d.rewrite = !concurrent;
    d.scan = true;
    d.note("the view's query reads its source tables under ACCESS SHARE; they are not listed");
  },
  CommentStmt: (f, { d }) => {
    const objtype = str(f['objtype']);
    d.kinds.push(objtype ?? '');
    const parts = names(as(f['object'], 'List')?.['items']);
    if (objtype === 'OBJECT_TABLE') d.lock(parts[parts.length - 1], 'SHARE UPDATE EXCLUSIVE');
    if (objtype === 'OBJECT_COLUMN') d.lock(parts[parts.length - 2], 'SHARE UPDATE EXCLUSIVE');
  },
  AlterEnumStmt: (f, { d, version }) => {
    if (f['newVal'] !== undefined && f['oldVal'] === undefined && version < 12) d.transactional = false;
  },
  DoStmt: (_f, { d }) => d.note('the statements inside the DO block are not analysed'),
  ...Object.fromEntries([...NEVER_IN_TRANSACTION].map((t) => [t, (_f: Fields, { d }: Ctx) => void (d.transactional = false)])),
};
