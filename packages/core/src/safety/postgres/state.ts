/**
 * What the analyzer knows about the database at a point in the text: the schema it was given
 * (`--schema-from`, `--db`) plus what earlier statements created, renamed or dropped. A varchar
 * widening is only known as one if the current length is known, so this follows the text.
 */
import type { Schema } from '../../model/schema';
import { type Fields, as, bool, constValue, names, nodes, str } from './ast';
import { columnsIn, notNullColumns } from './expressions';
import { parseText } from './parse';
import { type PgType, typeFromPortable } from './pg-types';

export interface KnownColumn {
  name: string;
  type?: PgType;
  notNull: boolean;
}

export interface KnownIndex {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
}

export type ConstraintKind = 'check' | 'foreign' | 'unique' | 'primary' | 'exclusion';

/** pg_constraint's action letters: a no action, r restrict, c cascade, n set null, d set default */
export type ActionCode = 'a' | 'r' | 'c' | 'n' | 'd';

export interface KnownConstraint {
  name: string;
  table: string;
  kind: ConstraintKind;
  /** true / false when this text added it; undefined when it came from the schema (validity not introspected) */
  validated?: boolean;
  columns: string[];
  /** a CHECK's expression node */
  expression?: unknown;
  /** a CHECK's expression text, parsed on demand */
  expressionText?: string;
  refTable?: string;
  refColumns?: string[];
  onDelete?: ActionCode;
  onUpdate?: ActionCode;
}

export interface KnownTable {
  name: string;
  columns: Map<string, KnownColumn>;
  /** created by this text (so it holds no rows of the deployed application) */
  created: boolean;
}

const ACTIONS: Record<string, ActionCode> = {
  'no action': 'a',
  restrict: 'r',
  cascade: 'c',
  'set null': 'n',
  'set default': 'd',
};

/** A multimap from a key to a list, for the per-table lookups below. */
class ListMap<T> {
  private readonly map = new Map<string, T[]>();

  get(key: string): T[] {
    return this.map.get(key) ?? [];
  }

  add(key: string, value: T): void {
    const list = this.map.get(key);
    if (list) list.push(value);
    else this.map.set(key, [value]);
  }

  remove(key: string, keep: (value: T) => boolean): T[] {
    const list = this.map.get(key) ?? [];
    const kept = list.filter(keep);
    if (kept.length) this.map.set(key, kept);
    else this.map.delete(key);
    return list.filter((v) => !keep(v));
  }

  move(from: string, to: string): void {
    const list = this.map.get(from);
    if (!list) return;
    this.map.delete(from);
    for (const v of list) this.add(to, v);
  }
}

export class Knowledge {
  private readonly tables = new Map<string, KnownTable>();
  private readonly indexes = new Map<string, KnownIndex>();
  private readonly indexesByTable = new ListMap<KnownIndex>();
  private readonly constraints = new ListMap<KnownConstraint>();
  /** foreign keys by the table they reference */
  private readonly references = new ListMap<KnownConstraint>();

  constructor(schema?: Schema) {
    for (const t of schema?.tables ?? []) {
      const columns = new Map<string, KnownColumn>();
      for (const c of t.columns) {
        columns.set(c.name, {
          name: c.name,
          type: typeFromPortable(c.type, t.name, c.name),
          notNull: !c.nullable || t.primaryKey.includes(c.name),
        });
      }
      this.tables.set(t.name, { name: t.name, columns, created: false });
      if (t.primaryKey.length) {
        const name = `${t.name}_pkey`;
        this.addIndex({ name, table: t.name, columns: [...t.primaryKey], unique: true });
        this.addConstraint({ name, table: t.name, kind: 'primary', columns: [...t.primaryKey] });
      }
      for (const i of t.indexes) {
        this.addIndex({ name: i.name, table: t.name, columns: [...i.columns], unique: i.unique });
        if (i.constraint) this.addConstraint({ name: i.name, table: t.name, kind: 'unique', columns: [...i.columns] });
      }
      for (const f of t.foreignKeys) {
        this.addConstraint({
          name: f.name,
          table: t.name,
          kind: 'foreign',
          columns: [...f.columns],
          refTable: f.refTable,
          refColumns: [...f.refColumns],
          onDelete: ACTIONS[f.onDelete ?? 'no action'] ?? 'a',
          onUpdate: ACTIONS[f.onUpdate ?? 'no action'] ?? 'a',
        });
      }
      for (const c of t.checks) {
        this.addConstraint({ name: c.name, table: t.name, kind: 'check', columns: [], expressionText: c.expression });
      }
    }
  }

  table(name: string): KnownTable | undefined {
    return this.tables.get(name);
  }

  column(table: string, column: string): KnownColumn | undefined {
    return this.tables.get(table)?.columns.get(column);
  }

  index(name: string): KnownIndex | undefined {
    return this.indexes.get(name);
  }

  indexesOf(table: string): KnownIndex[] {
    return this.indexesByTable.get(table);
  }

  constraint(table: string, name: string): KnownConstraint | undefined {
    return this.constraints.get(table).find((c) => c.name === name);
  }

  constraintsOf(table: string): KnownConstraint[] {
    return this.constraints.get(table);
  }

  /** Foreign keys of other tables (or this one) that reference `table`. */
  foreignKeysTo(table: string): KnownConstraint[] {
    return this.references.get(table);
  }

  /** Does a validated CHECK on `table` prove `column` NOT NULL? Schema checks count as validated. */
  provesNotNull(table: string, column: string): { proved: boolean; by?: KnownConstraint } {
    for (const c of this.constraintsOf(table)) {
      if (c.kind !== 'check' || c.validated === false) continue;
      if (notNullColumns(this.checkExpression(c)).includes(column)) return { proved: true, by: c };
    }
    return { proved: false };
  }

  /** A CHECK's expression node; a schema check's text is parsed the first time it is needed. */
  checkExpression(c: KnownConstraint): unknown {
    if (c.expression === undefined && c.expressionText !== undefined) {
      try {
        const select = as(parseText(`SELECT ${c.expressionText}`)[0]?.stmt, 'SelectStmt');
        c.expression = as((select?.['targetList'] as unknown[] | undefined)?.[0], 'ResTarget')?.['val'] ?? null;
      } catch {
        c.expression = null;
      }
    }
    return c.expression ?? undefined;
  }

  /** The columns a CHECK mentions (re-verified when one of them changes type). */
  checkColumns(c: KnownConstraint): string[] {
    if (c.columns.length === 0 && c.expressionText !== undefined) c.columns = [...columnsIn(this.checkExpression(c))];
    return c.columns;
  }

  createTable(name: string, columns: KnownColumn[]): void {
    this.dropTable(name);
    this.tables.set(name, { name, columns: new Map(columns.map((c) => [c.name, c])), created: true });
  }

  dropTable(name: string): void {
    this.tables.delete(name);
    for (const i of this.indexesByTable.remove(name, () => false)) this.indexes.delete(i.name);
    for (const c of this.constraints.remove(name, () => false)) this.unreference(c);
  }

  renameTable(from: string, to: string): void {
    const t = this.tables.get(from);
    if (t) {
      this.tables.delete(from);
      this.tables.set(to, { ...t, name: to });
    }
    for (const i of this.indexesByTable.get(from)) i.table = to;
    this.indexesByTable.move(from, to);
    for (const c of this.constraints.get(from)) c.table = to;
    this.constraints.move(from, to);
    for (const c of this.references.get(from)) c.refTable = to;
    this.references.move(from, to);
  }

  addColumn(table: string, column: KnownColumn): void {
    this.tables.get(table)?.columns.set(column.name, column);
  }

  dropColumn(table: string, column: string): void {
    this.tables.get(table)?.columns.delete(column);
    for (const i of this.indexesByTable.remove(table, (i) => !i.columns.includes(column))) this.indexes.delete(i.name);
    for (const c of this.constraints.remove(table, (c) => !c.columns.includes(column))) this.unreference(c);
  }

  renameColumn(table: string, from: string, to: string): void {
    const t = this.tables.get(table);
    const c = t?.columns.get(from);
    if (t && c) {
      t.columns.delete(from);
      t.columns.set(to, { ...c, name: to });
    }
    const swap = (cols: string[]) => cols.map((x) => (x === from ? to : x));
    for (const i of this.indexesByTable.get(table)) i.columns = swap(i.columns);
    for (const k of this.constraints.get(table)) k.columns = swap(k.columns);
    for (const k of this.references.get(table)) if (k.refColumns) k.refColumns = swap(k.refColumns);
  }

  addIndex(index: KnownIndex): void {
    this.dropIndex(index.name);
    this.indexes.set(index.name, index);
    this.indexesByTable.add(index.table, index);
  }

  dropIndex(name: string): void {
    const index = this.indexes.get(name);
    if (!index) return;
    this.indexes.delete(name);
    this.indexesByTable.remove(index.table, (i) => i !== index);
  }

  renameIndex(from: string, to: string): void {
    const i = this.indexes.get(from);
    if (!i) return;
    this.dropIndex(from);
    this.addIndex({ ...i, name: to });
  }

  addConstraint(c: KnownConstraint): void {
    this.constraints.add(c.table, c);
    if (c.kind === 'foreign' && c.refTable) this.references.add(c.refTable, c);
  }

  dropConstraint(table: string, name: string): void {
    for (const c of this.constraints.remove(table, (c) => c.name !== name)) this.unreference(c);
    if (this.indexes.get(name)?.table === table) this.dropIndex(name);
  }

  renameConstraint(table: string, from: string, to: string): void {
    const c = this.constraint(table, from);
    if (c) c.name = to;
  }

  private unreference(c: KnownConstraint): void {
    if (c.kind === 'foreign' && c.refTable) this.references.remove(c.refTable, (r) => r !== c);
  }
}

/** A column definition node (`ColumnDef`) as the knowledge records it. */
export function knownColumn(def: Fields, type: PgType | undefined): KnownColumn {
  const notNull = columnConstraints(def).some((c) => c['contype'] === 'CONSTR_NOTNULL' || c['contype'] === 'CONSTR_PRIMARY');
  const column: KnownColumn = { name: str(def['colname']) ?? '', notNull };
  if (type) column.type = type;
  return column;
}

export function columnConstraints(def: Fields): Fields[] {
  return nodes(def['constraints'], 'Constraint');
}

/** A `Constraint` node as the knowledge records it, on `table` (with `column` for a column constraint). */
export function knownConstraint(table: string, con: Fields, column?: string): KnownConstraint | undefined {
  const kind = CONSTRAINT_KINDS[str(con['contype']) ?? ''];
  if (!kind) return undefined;
  const columns = column ? [column] : names(kind === 'foreign' ? con['fk_attrs'] : con['keys']);
  const expression = con['raw_expr'];
  const checkColumns = kind === 'check' && !column ? [...columnsIn(expression)] : columns;
  const out: KnownConstraint = {
    name: str(con['conname']) ?? defaultConstraintName(table, kind, checkColumns),
    table,
    kind,
    validated: !bool(con['skip_validation']),
    columns: checkColumns,
  };
  if (expression !== undefined) out.expression = expression;
  if (kind === 'foreign') {
    const pk = as(con['pktable'], 'RangeVar') ?? (con['pktable'] as Fields | undefined);
    out.refTable = str(pk?.['relname']) ?? '';
    out.refColumns = names(con['pk_attrs']);
    out.onDelete = (str(con['fk_del_action']) ?? 'a') as ActionCode;
    out.onUpdate = (str(con['fk_upd_action']) ?? 'a') as ActionCode;
  }
  return out;
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary',
  CONSTR_EXCLUSION: 'exclusion',
};

/** The name PostgreSQL gives an unnamed constraint (`ChooseConstraintName`), before truncation. */
export function defaultConstraintName(table: string, kind: ConstraintKind, columns: string[]): string {
  const suffix = { check: 'check', foreign: 'fkey', unique: 'key', primary: 'pkey', exclusion: 'excl' }[kind];
  if (kind === 'primary') return `${table}_pkey`;
  return [table, ...(kind === 'check' ? columns.slice(0, 1) : columns), suffix].join('_');
}

/** A literal value of a constant expression (`'2s'`, `5000`), as text. */
export function constText(node: unknown): string | undefined {
  const v = constValue(as(node, 'TypeCast')?.['arg'] ?? node);
  return v === undefined || v === null ? undefined : String(v);
}
