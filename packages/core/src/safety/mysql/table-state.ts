/**
 * What the analyzer knows of each table while it walks a script: columns with their MySQL types,
 * keys, foreign keys and statistics, starting from the schema model (`--schema-from`, `--db`) and
 * following each statement, so a later MODIFY is judged against the column an earlier ADD made.
 */
import { isColumnNullable } from '../../dialects/dialect';
import { backingIndexes } from '../../dialects/mysql/foreign-key-indexes';
import type { Schema, Table } from '../../model/schema';
import { type MysqlType, typeOfPortable } from './column-type';
import type { AlterClause, ColumnDef, CreatedTable, Position } from './read-ddl';

export interface ColumnState {
  name: string;
  type: MysqlType;
  nullable: boolean;
  hasDefault: boolean;
  autoIncrement: boolean;
  generated: boolean;
}

export interface IndexState {
  name: string;
  columns: string[];
  unique: boolean;
  fulltext?: boolean;
}

export interface TableState {
  name: string;
  /** undefined when the columns are not known (no schema given for this table) */
  columns?: ColumnState[];
  primaryKey: string[];
  indexes: IndexState[];
  foreignKeys: { name: string; columns: string[]; refTable: string }[];
  stats?: { rows: number | null; bytes: number | null; basis: string };
  /** made by an earlier statement of the same script, so it holds no rows yet */
  created?: boolean;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The table as it is now, unaffected by later statements: its lists copied, their entries shared
 * (entries are replaced, never changed in place).
 */
export function snapshotTable(t: TableState): TableState {
  return {
    ...t,
    ...(t.columns ? { columns: [...t.columns] } : {}),
    primaryKey: [...t.primaryKey],
    indexes: [...t.indexes],
    foreignKeys: [...t.foreignKeys],
  };
}

export function findColumnState(table: TableState | undefined, name: string): ColumnState | undefined {
  return table?.columns?.find((c) => sameName(c.name, name));
}

function tableFromModel(t: Table): TableState {
  return {
    name: t.name,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: typeOfPortable(c.type),
      nullable: isColumnNullable(c) && !t.primaryKey.includes(c.name),
      hasDefault: c.default !== undefined,
      autoIncrement: Boolean(c.autoIncrement),
      generated: false,
    })),
    primaryKey: [...t.primaryKey],
    // InnoDB keeps an index for every foreign key that no other index serves (foreign-key-indexes.ts).
    indexes: [...t.indexes, ...backingIndexes(t)].map((i) => ({ name: i.name, columns: [...i.columns], unique: i.unique })),
    foreignKeys: t.foreignKeys.map((f) => ({ name: f.name, columns: [...f.columns], refTable: f.refTable })),
    ...(t.stats ? { stats: { ...t.stats } } : {}),
  };
}

function columnFromDef(def: ColumnDef): ColumnState {
  return {
    name: def.name,
    type: def.type,
    nullable: def.nullable ?? !def.primaryKey,
    hasDefault: def.default !== undefined,
    autoIncrement: def.autoIncrement,
    generated: def.generated !== undefined,
  };
}

/** The tables of a script, keyed by name, with the session's foreign_key_checks. */
export class SchemaState {
  private readonly tables = new Map<string, TableState>();

  constructor(schema?: Schema) {
    for (const t of schema?.tables ?? []) this.tables.set(t.name, tableFromModel(t));
  }

  get(name: string): TableState | undefined {
    return this.tables.get(name) ?? [...this.tables.values()].find((t) => sameName(t.name, name));
  }

  /** Tables whose foreign keys reference `name`. */
  referencing(name: string): string[] {
    return [...this.tables.values()].filter((t) => t.foreignKeys.some((f) => sameName(f.refTable, name))).map((t) => t.name);
  }

  create(created: CreatedTable): void {
    this.tables.set(created.table, {
      name: created.table,
      columns: created.columns.map(columnFromDef),
      primaryKey: created.primaryKey,
      indexes: created.indexes,
      foreignKeys: created.foreignKeys,
      stats: { rows: 0, bytes: 0, basis: 'created earlier in the same script' },
      created: true,
    });
  }

  /** A table created by a statement the analyzer could not read: known to exist, columns unknown. */
  createUnknown(name: string): void {
    this.tables.set(name, { name, primaryKey: [], indexes: [], foreignKeys: [], created: true });
  }

  drop(name: string): void {
    const t = this.get(name);
    if (t) this.tables.delete(t.name);
  }

  rename(from: string, to: string): void {
    const t = this.get(from);
    if (!t) return;
    this.tables.delete(t.name);
    this.tables.set(to, { ...t, name: to });
  }

  /** Record what an ALTER TABLE clause did to `table`. */
  apply(table: string, clause: AlterClause): void {
    const t = this.get(table);
    if (!t) return;
    applyClause(t, clause);
    if (clause.type === 'renameTable') this.rename(t.name, clause.to);
  }
}

function withoutColumn(t: TableState, name: string): void {
  if (t.columns) t.columns = t.columns.filter((c) => !sameName(c.name, name));
  t.indexes = t.indexes
    .map((i) => ({ ...i, columns: i.columns.filter((c) => !sameName(c, name)) }))
    .filter((i) => i.columns.length > 0);
}

function insertColumn(t: TableState, column: ColumnState, position: Position | undefined): void {
  if (!t.columns) return;
  let at = t.columns.length;
  if (position && 'first' in position) at = 0;
  else if (position) {
    const after = t.columns.findIndex((c) => sameName(c.name, position.after));
    if (after >= 0) at = after + 1;
  }
  t.columns.splice(at, 0, column);
}

/** Columns are replaced, never changed in place, so a snapshot of the table keeps what it saw. */
function replaceColumn(t: TableState, name: string, change: (c: ColumnState) => ColumnState): void {
  if (t.columns) t.columns = t.columns.map((c) => (sameName(c.name, name) ? change(c) : c));
}

function renameInKeys(t: TableState, from: string, to: string): void {
  const rename = (c: string) => (sameName(c, from) ? to : c);
  t.primaryKey = t.primaryKey.map(rename);
  t.indexes = t.indexes.map((i) => ({ ...i, columns: i.columns.map(rename) }));
  t.foreignKeys = t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(rename) }));
}

function applyClause(t: TableState, clause: AlterClause): void {
  switch (clause.type) {
    case 'addColumn':
      insertColumn(t, columnFromDef(clause.column), clause.position);
      return;
    case 'dropColumn':
      withoutColumn(t, clause.column);
      return;
    case 'renameColumn':
      replaceColumn(t, clause.from, (c) => ({ ...c, name: clause.to }));
      renameInKeys(t, clause.from, clause.to);
      return;
    case 'modifyColumn': {
      const at = t.columns?.findIndex((c) => sameName(c.name, clause.from)) ?? -1;
      if (t.columns && at >= 0) {
        const next = columnFromDef(clause.column);
        t.columns.splice(at, 1);
        if (clause.position) insertColumn(t, next, clause.position);
        else t.columns.splice(at, 0, next);
      }
      renameInKeys(t, clause.from, clause.column.name);
      return;
    }
    case 'setDefault':
    case 'dropDefault':
      replaceColumn(t, clause.column, (c) => ({ ...c, hasDefault: clause.type === 'setDefault' }));
      return;
    case 'addIndex':
      t.indexes.push({
        name: clause.name ?? clause.columns?.[0] ?? '',
        columns: clause.columns ?? [],
        unique: clause.unique,
        ...(clause.variant === 'fulltext' ? { fulltext: true } : {}),
      });
      return;
    case 'dropIndex':
      t.indexes = t.indexes.filter((i) => !sameName(i.name, clause.name));
      return;
    case 'renameIndex':
      t.indexes = t.indexes.map((i) => (sameName(i.name, clause.from) ? { ...i, name: clause.to } : i));
      return;
    case 'addPrimaryKey':
      t.primaryKey = clause.columns ?? [];
      return;
    case 'dropPrimaryKey':
      t.primaryKey = [];
      return;
    case 'addForeignKey':
      t.foreignKeys.push({ name: clause.name ?? '', columns: clause.columns ?? [], refTable: clause.refTable });
      return;
    case 'dropForeignKey':
    case 'dropConstraint':
      t.foreignKeys = t.foreignKeys.filter((f) => !sameName(f.name, clause.name));
      if (clause.type === 'dropConstraint') t.indexes = t.indexes.filter((i) => !sameName(i.name, clause.name));
      return;
    default:
      return;
  }
}
