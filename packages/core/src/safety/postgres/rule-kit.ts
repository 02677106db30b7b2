/**
 * What the PostgreSQL rules share: the parse tree of the statement at hand, and the state of the
 * database and session just before it (tables created earlier in the text, column types,
 * indexes, `lock_timeout`) replayed once per list of statements, not once per rule.
 */
import type { RuleContext, StatementFacts } from '../types';
import { type Fields, as, typeOf } from './ast';
import { relName } from './description';
import { learn } from './learn';
import { SessionSettings } from './session';
import { Knowledge } from './state';

export { relName };

/** The statement's node fields when it is of type `type`. */
export function nodeOf(statement: StatementFacts, type: string): Fields | undefined {
  return as(statement.node, type);
}

export function nodeType(statement: StatementFacts): string | undefined {
  return typeOf(statement.node);
}

export interface AlterTable {
  table: string;
  relation: Fields;
  cmds: { subtype: string; fields: Fields; position: number }[];
}

/** An ALTER TABLE statement's table and subcommands. */
export function alterTableOf(statement: StatementFacts): AlterTable | undefined {
  const f = nodeOf(statement, 'AlterTableStmt');
  const relation = f?.['relation'] as Fields | undefined;
  const table = relName(relation);
  if (!f || !relation || !table || f['objtype'] !== 'OBJECT_TABLE') return undefined;
  const cmds = ((f['cmds'] as unknown[] | undefined) ?? []).flatMap((c, position) => {
    const fields = as(c, 'AlterTableCmd');
    return fields ? [{ subtype: String(fields['subtype']), fields, position }] : [];
  });
  return { table, relation, cmds };
}

/** The state of the database and session just before one statement. */
export interface Before {
  knowledge: Knowledge;
  /** a setting's value in effect for the statement (SET LOCAL of an ended transaction excluded) */
  setting(name: string): string | undefined;
  /** the statement's position in the list */
  position: number;
}

class Replay {
  private knowledge!: Knowledge;
  private session!: SessionSettings;
  private cursor = 0;
  readonly positions = new Map<StatementFacts, number>();

  constructor(
    private readonly statements: readonly StatementFacts[],
    private readonly schema: RuleContext['schema'],
  ) {
    statements.forEach((s, i) => this.positions.set(s, i));
    this.reset();
  }

  private reset(): void {
    this.knowledge = new Knowledge(this.schema);
    this.session = new SessionSettings();
    this.cursor = 0;
  }

  before(statement: StatementFacts): Before {
    const position = this.positions.get(statement) ?? this.statements.length;
    if (position < this.cursor) this.reset();
    for (; this.cursor < position; this.cursor++) {
      const s = this.statements[this.cursor] as StatementFacts;
      this.session.apply(s.node, placeOf(s));
      learn(s.node, this.knowledge);
    }
    const session = this.session;
    const place = placeOf(statement);
    return { knowledge: this.knowledge, setting: (name) => session.peek(name, place), position };
  }
}

function placeOf(s: StatementFacts): { inTransaction: boolean; transaction?: number } {
  return s.transaction === undefined ? { inTransaction: s.inTransaction } : { inTransaction: true, transaction: s.transaction };
}

const replays = new WeakMap<readonly StatementFacts[], Replay>();

/**
 * `fn` applied to every statement with the state just before it, computed once per list of
 * statements and `key` (for checks that look across the whole text).
 */
export function eachBefore<T>(ctx: RuleContext, key: string, fn: (statement: StatementFacts, state: Before) => T): T[] {
  return memo(ctx, key, () => {
    const replay = new Replay(ctx.statements, ctx.schema);
    return ctx.statements.map((s) => fn(s, replay.before(s)));
  });
}

/** The database and session as they are just before `ctx.statement`. */
export function before(ctx: RuleContext): Before {
  let replay = replays.get(ctx.statements);
  if (!replay) {
    replay = new Replay(ctx.statements, ctx.schema);
    replays.set(ctx.statements, replay);
  }
  return replay.before(ctx.statement);
}

/** Was `table` created earlier in the text (so it holds none of the application's rows)? */
export function isNewTable(ctx: RuleContext, table: string): boolean {
  return before(ctx).knowledge.table(table)?.created === true;
}

/** The position of the statement in `ctx.statements`. */
export function positionOf(ctx: RuleContext): number {
  return before(ctx).position;
}

const memos = new WeakMap<readonly StatementFacts[], Map<string, unknown>>();

/** A value computed once per list of statements (for checks that look across all of them). */
export function memo<T>(ctx: RuleContext, key: string, compute: () => T): T {
  let m = memos.get(ctx.statements);
  if (!m) {
    m = new Map();
    memos.set(ctx.statements, m);
  }
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

/** Both statements run in the same transaction. */
export function sameTransaction(a: StatementFacts, b: StatementFacts): boolean {
  return a.transaction !== undefined && a.transaction === b.transaction;
}

/** The other statements of the statement's transaction, in order, with their positions. */
export function transactionOf(ctx: RuleContext): { statement: StatementFacts; position: number }[] {
  if (ctx.statement.transaction === undefined) return [];
  const groups = memo(ctx, 'transactions', () => {
    const byId = new Map<number, { statement: StatementFacts; position: number }[]>();
    ctx.statements.forEach((statement, position) => {
      if (statement.transaction === undefined) return;
      const group = byId.get(statement.transaction) ?? [];
      group.push({ statement, position });
      byId.set(statement.transaction, group);
    });
    return byId;
  });
  return groups.get(ctx.statement.transaction) ?? [];
}

/** Tables the statement locks that existed before the text (not created by it). */
export function existingLocks(ctx: RuleContext): StatementFacts['locks'] {
  return existingLocksAt(ctx.statement, before(ctx).knowledge);
}

export function existingLocksAt(statement: StatementFacts, k: Knowledge): StatementFacts['locks'] {
  return statement.locks.filter((l) => k.table(l.table)?.created !== true && !createdHere(statement, l.table));
}

/** The table a CREATE TABLE statement creates. */
export function createdHere(statement: StatementFacts, table: string): boolean {
  const create = nodeOf(statement, 'CreateStmt');
  const createAs = nodeOf(statement, 'CreateTableAsStmt');
  const name = create ? relName(create['relation']) : relName((createAs?.['into'] as Fields | undefined)?.['rel']);
  return name === table;
}

/** `statement 3 (ALTER TABLE users ADD COLUMN …)`: how a message names a statement. */
export function label(statement: StatementFacts): string {
  const sql = statement.sql.replace(/\s+/g, ' ');
  return `statement ${statement.index + 1} (${sql.length > 60 ? `${sql.slice(0, 60)}…` : sql})`;
}
