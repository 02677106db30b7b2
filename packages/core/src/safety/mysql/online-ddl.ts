/**
 * How InnoDB carries out each ALTER TABLE clause: INSTANT (metadata only), INPLACE (with or without
 * rebuilding the table, and the weakest lock it allows concurrent DML under) or COPY (a new table
 * filled row by row while writes wait).
 *
 * Sources:
 *  - MySQL 8.0 Reference Manual, 15.12.1 "Online DDL Operations"
 *    (https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html): MySQL is judged
 *    from these tables only; no MySQL server was available to observe.
 *  - MariaDB, "InnoDB Online DDL Operations with the INSTANT / NOCOPY / INPLACE Alter Algorithm"
 *    and "InnoDB Online DDL Overview" (https://mariadb.com/kb/en/innodb-online-ddl-overview/).
 *    Every MariaDB claim marked "observed" was checked against MariaDB 10.11 by instant.spec.ts,
 *    which runs each form with ALGORITHM=INSTANT / NOCOPY / INPLACE, LOCK=NONE on a table with rows.
 */
import type { Operation } from '../../model/operations';
import { type TypeChange, compareTypes } from './column-type';
import type { AlterClause, AlterStatement, ColumnDef } from './read-ddl';
import { type MysqlFlavor, type MysqlServer, flavorName, isAtLeast } from './server';
import { type ColumnState, type TableState, findColumnState } from './table-state';

export type Algorithm = 'INSTANT' | 'INPLACE' | 'COPY';
export type LockLevel = 'NONE' | 'SHARED' | 'EXCLUSIVE';

/** Why a clause takes its algorithm; rules key on this. */
export type Cause =
  | 'add-column'
  | 'drop-column'
  | 'rename-column'
  | 'column-order'
  | 'type-change'
  | 'varchar-widen'
  | 'varchar-prefix'
  | 'enum-append'
  | 'enum-change'
  | 'nullability'
  | 'default'
  | 'auto-increment'
  | 'unknown-definition'
  | 'add-index'
  | 'drop-index'
  | 'primary-key'
  | 'foreign-key'
  | 'check'
  | 'metadata'
  | 'rename-table'
  | 'rebuild'
  | 'charset';

/** What a MODIFY / CHANGE does to the column, aspect by aspect. */
export interface ColumnChange {
  table: string;
  column: string;
  /** the column before; undefined when not known */
  before?: ColumnState;
  /** the type change; undefined when the current type is not known */
  type?: TypeChange;
  nullability?: 'set' | 'drop';
  default?: boolean;
  position?: boolean;
  renameTo?: string;
}

export interface ClauseVerdict {
  clause: AlterClause;
  algorithm: Algorithm;
  /** INPLACE that rebuilds the table (COPY always does) */
  rebuild: boolean;
  /** the weakest lock the operation allows concurrent DML under */
  lock: LockLevel;
  /** reads every row: index build, rebuild, copy, validation */
  scan: boolean;
  /** an INSTANT change of the row format, done in place with a rebuild when combined with other work */
  layout?: boolean;
  /** builds an index (MariaDB then rebuilds for any INSTANT row-format change in the same statement) */
  buildsIndex?: boolean;
  cause: Cause;
  /** e.g. `add column users.email_verified` */
  what: string;
  /** why it takes this algorithm */
  why: string;
  /** what would make it INSTANT (ADD COLUMN) */
  instantWith?: string;
  columnChange?: ColumnChange;
  /** the referenced table of a foreign key */
  parent?: string;
}

export interface VerdictContext {
  server: MysqlServer;
  statement: AlterStatement;
  /** the table before the statement; undefined when not known */
  table?: TableState;
  fkChecks: boolean;
  change?: Operation;
}

type Version = [number, number, number];

/** First versions where an operation is INSTANT; a flavour missing from a gate never makes it INSTANT. */
interface Gate {
  mysql?: Version;
  mariadb?: Version;
}

/** MySQL 8.0.12 / MariaDB 10.3.2: INSTANT ADD COLUMN as the last column (MDEV-11369). */
const ADD_LAST: Gate = { mysql: [8, 0, 12], mariadb: [10, 3, 2] };
/** MySQL 8.0.29 / MariaDB 10.4: INSTANT ADD COLUMN anywhere and INSTANT DROP COLUMN (MDEV-15562). */
const ADD_ANYWHERE: Gate = { mysql: [8, 0, 29], mariadb: [10, 4, 0] };
const DROP_COLUMN = ADD_ANYWHERE;
/** MariaDB 10.4: INSTANT column reordering (MDEV-15562); MySQL reorders in place with a rebuild. */
const REORDER: Gate = { mariadb: [10, 4, 0] };
/** MySQL 8.0.28 / MariaDB 10.3.7: INSTANT RENAME COLUMN. */
const RENAME_COLUMN: Gate = { mysql: [8, 0, 28], mariadb: [10, 3, 7] };
/**
 * The INSTANT algorithm itself (MySQL 8.0.12, MariaDB 10.3.7): defaults, appending ENUM / SET
 * members, VIRTUAL columns, renaming tables; before it these were in place without a rebuild.
 */
const METADATA: Gate = { mysql: [8, 0, 12], mariadb: [10, 3, 7] };
/** MariaDB 10.4.3: INSTANT VARCHAR widening within the length prefix (MDEV-15563); MySQL widens in place. */
const VARCHAR_WIDEN: Gate = { mariadb: [10, 4, 3] };
/** MariaDB only: dropping a foreign key or CHECK, renaming an index, table COMMENT (observed on 10.11). */
const MARIADB_METADATA: Gate = { mariadb: [10, 3, 7] };

function passes(server: MysqlServer, gate: Gate): boolean {
  const v = gate[server.flavor];
  return v !== undefined && isAtLeast(server, server.flavor, ...v);
}

function versionText(flavor: MysqlFlavor, v: Version): string {
  return `${flavorName(flavor)} ${v[2] === 0 ? `${v[0]}.${v[1]}` : v.join('.')}`;
}

/** `MySQL 8.0.29+` for a MySQL server, `MariaDB 10.4+` for MariaDB; both when no flavour is given. */
export function gateText(gate: Gate, flavor?: MysqlFlavor): string {
  return (['mysql', 'mariadb'] as const)
    .filter((f) => gate[f] && (!flavor || f === flavor))
    .map((f) => `${versionText(f, gate[f] as Version)}+`)
    .join(' / ');
}

type Base = Pick<ClauseVerdict, 'cause' | 'what' | 'why'> & Partial<ClauseVerdict>;

function instant(base: Base): Omit<ClauseVerdict, 'clause'> {
  return { algorithm: 'INSTANT', rebuild: false, lock: 'NONE', scan: false, ...base };
}

function inPlace(base: Base, rebuild: boolean, lock: LockLevel = 'NONE'): Omit<ClauseVerdict, 'clause'> {
  return { algorithm: 'INPLACE', rebuild, lock, scan: true, ...base };
}

/** In place, metadata only: no rows read (dropping an index, renaming, defaults before INSTANT existed). */
function metadataInPlace(base: Base): Omit<ClauseVerdict, 'clause'> {
  return { algorithm: 'INPLACE', rebuild: false, lock: 'NONE', scan: false, ...base };
}

function copy(base: Base): Omit<ClauseVerdict, 'clause'> {
  return { algorithm: 'COPY', rebuild: true, lock: 'SHARED', scan: true, ...base };
}

/** INSTANT from the gate's versions, in place without a rebuild or reading rows before them. */
function metadataChange(server: MysqlServer, gate: Gate, base: Base): Omit<ClauseVerdict, 'clause'> {
  if (passes(server, gate)) return instant(base);
  return metadataInPlace({ ...base, why: `${base.why}; INSTANT from ${gateText(gate, server.flavor) || 'no version'}` });
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether ADD COLUMN puts the column last: no position, or AFTER the current last column. */
function addsLast(position: AlterClause & { type: 'addColumn' }, table: TableState | undefined): boolean {
  const p = position.position;
  if (!p) return true;
  if ('first' in p) return false;
  const last = table?.columns?.[table.columns.length - 1];
  return last !== undefined && sameName(last.name, p.after);
}

function addColumn(clause: AlterClause & { type: 'addColumn' }, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const { server, table } = ctx;
  const c = clause.column;
  const what = `add column ${ctx.statement.table}.${c.name}`;
  const base = { cause: 'add-column' as const, what };
  if (c.autoIncrement) {
    // Both manuals: an AUTO_INCREMENT column fills every row, so the table is rebuilt and writes wait.
    return inPlace({
      ...base,
      why: 'an AUTO_INCREMENT column numbers every existing row: the table is rebuilt and writes wait',
      instantWith: 'add it without AUTO_INCREMENT, or with gh-ost / pt-online-schema-change',
    }, true, 'SHARED');
  }
  if (c.generated === 'stored') {
    return copy({
      ...base,
      why: 'a STORED generated column is computed for every row: the table is copied',
      instantWith: 'make it VIRTUAL (computed on read), which is INSTANT',
    });
  }
  if (c.default?.perRow) {
    // Observed on MariaDB 10.11: DEFAULT (UUID()), (SYSDATE()) or a default reading another column copies the table.
    return copy({
      ...base,
      why: `its default ${c.default.text} differs per row, so every existing row is written: the table is copied`,
      instantWith: 'add it NULL without that default, backfill it in batches, then SET DEFAULT',
    });
  }
  if (c.check && server.flavor === 'mysql') {
    return copy({
      ...base,
      why: 'a CHECK constraint is validated against every row: the table is copied',
      instantWith: 'add the column without the CHECK and add the constraint separately',
    });
  }
  if (c.unique || c.primaryKey) {
    return inPlace({
      ...base,
      why: `the column comes with a new ${c.primaryKey ? 'primary key' : 'unique index'}, which is built with a rebuild of the table`,
      instantWith: 'add the column on its own, then build the index in a separate statement',
      buildsIndex: true,
    }, true);
  }
  if (c.generated === 'virtual') {
    return metadataChange(server, METADATA, { ...base, why: 'a VIRTUAL column is computed on read: metadata only' });
  }
  if (table?.indexes.some((i) => i.fulltext)) {
    return inPlace({
      ...base,
      why: 'the table has a FULLTEXT index (a hidden FTS_DOC_ID column), which rules out INSTANT ADD COLUMN: the table is rebuilt',
      instantWith: 'there is no INSTANT form while the FULLTEXT index exists',
    }, true);
  }
  const last = addsLast(clause, table);
  if (passes(server, ADD_ANYWHERE) || (last && passes(server, ADD_LAST))) {
    return instant({ ...base, why: 'INSTANT ADD COLUMN: metadata only', layout: true });
  }
  if (passes(server, ADD_LAST)) {
    return inPlace(
      {
        ...base,
        why: `${server.label} adds a column instantly only as the last column (anywhere from ${gateText(ADD_ANYWHERE, server.flavor)}): the table is rebuilt`,
        instantWith: `drop ${clause.position && 'first' in clause.position ? 'FIRST' : 'AFTER …'} so the column goes last, or upgrade to ${gateText(ADD_ANYWHERE, server.flavor)}`,
      },
      true,
    );
  }
  return inPlace({
    ...base,
    why: `${server.label} has no INSTANT ADD COLUMN (from ${gateText(ADD_LAST, server.flavor)}): the table is rebuilt`,
    instantWith: `upgrade to ${gateText(ADD_LAST, server.flavor)} (last position) or ${gateText(ADD_ANYWHERE, server.flavor)} (any position)`,
  }, true);
}

function indexesWith(table: TableState | undefined, column: string) {
  return table?.indexes.filter((i) => i.columns.some((c) => sameName(c, column))) ?? [];
}

function dropColumn(column: string, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const { server, table } = ctx;
  const base = { cause: 'drop-column' as const, what: `drop column ${ctx.statement.table}.${column}` };
  if (table?.primaryKey.some((c) => sameName(c, column))) {
    return copy({ ...base, why: 'the column is part of the primary key, which InnoDB clusters the rows by: the table is copied' });
  }
  const indexes = indexesWith(table, column);
  if (indexes.length) {
    // Observed on MariaDB 10.11: dropping a column whose only indexes are single-column drops those
    // indexes without a rebuild; an index of several columns has to be rebuilt without it.
    const rebuild = server.flavor === 'mysql' || indexes.some((i) => i.columns.length > 1);
    return inPlace({
      ...base,
      why: `the column is in index ${indexes.map((i) => i.name).join(', ')}${rebuild ? ': the table is rebuilt' : ', which is dropped with it'}`,
    }, rebuild);
  }
  if (passes(server, DROP_COLUMN)) return instant({ ...base, why: 'INSTANT DROP COLUMN: metadata only', layout: true });
  return inPlace({ ...base, why: `DROP COLUMN is INSTANT from ${gateText(DROP_COLUMN, server.flavor)}; ${server.label} rebuilds the table` }, true);
}

function renameColumn(table: string, from: string, to: string, server: MysqlServer): Omit<ClauseVerdict, 'clause'> {
  return metadataChange(server, RENAME_COLUMN, {
    cause: 'rename-column',
    what: `rename column ${table}.${from} to ${to}`,
    why: 'renaming a column changes metadata only',
  });
}

/** A MODIFY / CHANGE that leaves NULL / NOT NULL unsaid makes the column nullable (unless it is in the primary key). */
function nullableAfter(def: ColumnDef, table: TableState | undefined): boolean {
  if (def.nullable !== undefined) return def.nullable;
  return !def.primaryKey && !(table?.primaryKey.some((c) => sameName(c, def.name)) ?? false);
}

function columnChangeOf(clause: AlterClause & { type: 'modifyColumn' }, ctx: VerdictContext): ColumnChange {
  const before = findColumnState(ctx.table, clause.from);
  const change: ColumnChange = { table: ctx.statement.table, column: clause.from, ...(before ? { before } : {}) };
  const op = ctx.change;
  const fromOperation = op && (op.kind === 'setNotNull' || op.kind === 'dropNotNull') && sameName(op.column, clause.from);
  if (fromOperation) change.nullability = op.kind === 'setNotNull' ? 'set' : 'drop';
  if (!sameName(clause.from, clause.column.name)) change.renameTo = clause.column.name;
  if (clause.position) change.position = true;
  if (!before) {
    // mig renders MODIFY for NOT NULL changes restating the rest of the column unchanged.
    if (fromOperation) change.type = { kind: 'same' };
    return change;
  }
  change.type = compareTypes(before.type, clause.column.type);
  const nullable = nullableAfter(clause.column, ctx.table);
  if (!fromOperation && nullable !== before.nullable) change.nullability = nullable ? 'drop' : 'set';
  // Only whether a default exists is known of the current column, so any default counts as set again (INSTANT either way).
  if (clause.column.default !== undefined || before.hasDefault) change.default = true;
  return change;
}

function typeVerdict(change: ColumnChange, server: MysqlServer): Omit<ClauseVerdict, 'clause'> | undefined {
  const name = `${change.table}.${change.column}`;
  const what = `change the type of ${name}`;
  const t = change.type;
  if (!t) {
    const why = `the current definition of ${name} is not known, so the change is assumed to copy the table; pass --schema-from or --db`;
    return copy({ cause: 'unknown-definition', what: `modify column ${name}`, why });
  }
  switch (t.kind) {
    case 'same':
      return undefined;
    case 'varchar-widen': {
      const why = `widening VARCHAR from ${t.fromBytes} to ${t.toBytes} bytes keeps its length prefix`;
      if (passes(server, VARCHAR_WIDEN)) return instant({ cause: 'varchar-widen', what, why: `${why}: metadata only` });
      return metadataInPlace({ cause: 'varchar-widen', what, why: `${why}: in place, metadata only` });
    }
    case 'varchar-prefix': {
      const why = `widening VARCHAR from ${t.fromBytes} to ${t.toBytes} bytes crosses 255 bytes, so every value's length prefix grows from 1 to 2 bytes: the table is copied`;
      return copy({ cause: 'varchar-prefix', what, why });
    }
    case 'enum-append': {
      const why = `appending ${t.added.map((m) => `'${m}'`).join(', ')} at the end keeps every stored value: metadata only`;
      return metadataChange(server, METADATA, { cause: 'enum-append', what, why });
    }
    case 'enum-change':
      return copy({ cause: 'enum-change', what, why: `the new member list ${t.reason}, so stored values are rewritten: the table is copied` });
    case 'change':
      return copy({ cause: 'type-change', what, why: `changing ${t.from} to ${t.to} converts every value: the table is copied` });
  }
}

function nullabilityVerdict(change: ColumnChange, name: string): Omit<ClauseVerdict, 'clause'> {
  const set = change.nullability === 'set';
  const why = `${set ? 'NOT NULL is checked on' : 'NULL changes the record format of'} every row: the table is rebuilt in place`;
  return inPlace({ cause: 'nullability', what: `make ${name} ${set ? 'NOT NULL' : 'nullable'}`, why }, true);
}

function positionVerdict(server: MysqlServer, name: string): Omit<ClauseVerdict, 'clause'> {
  const what = `move ${name}`;
  if (passes(server, REORDER)) return instant({ cause: 'column-order', what, why: 'reordering columns: metadata only', layout: true });
  const since = server.flavor === 'mariadb' ? ` (INSTANT from ${gateText(REORDER, 'mariadb')})` : '';
  return inPlace({ cause: 'column-order', what, why: `reordering columns rebuilds the table${since}` }, true);
}

/** A MODIFY / CHANGE: each aspect that changes (type, NULL, position, name, default) judged, the most demanding wins. */
function modifyColumn(clause: AlterClause & { type: 'modifyColumn' }, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const { server } = ctx;
  const change = columnChangeOf(clause, ctx);
  const name = `${change.table}.${change.column}`;
  const before = change.before;
  const parts: Omit<ClauseVerdict, 'clause'>[] = [];
  const typePart = typeVerdict(change, server);
  if (typePart) parts.push(typePart);
  if (before && clause.column.autoIncrement && !before.autoIncrement) {
    parts.push(copy({ cause: 'auto-increment', what: `make ${name} AUTO_INCREMENT`, why: 'numbering existing rows copies the table' }));
  }
  if (before && (clause.column.generated !== undefined || before.generated)) {
    parts.push(copy({ cause: 'type-change', what: `redefine generated column ${name}`, why: 'changing a generated column copies the table' }));
  }
  if (change.nullability) parts.push(nullabilityVerdict(change, name));
  if (change.position) parts.push(positionVerdict(server, name));
  if (change.renameTo) parts.push(renameColumn(change.table, change.column, change.renameTo, server));
  if (change.default) {
    parts.push(metadataChange(server, METADATA, { cause: 'default', what: `set the default of ${name}`, why: 'a default is metadata only' }));
  }
  const worst = parts.reduce<Omit<ClauseVerdict, 'clause'> | undefined>((w, p) => (!w || rank(p) > rank(w) ? p : w), undefined);
  const verdict = worst ?? instant({ cause: 'metadata', what: `modify column ${name}`, why: 'the definition is unchanged: metadata only' });
  return { ...verdict, ...(parts.some((p) => p.layout) ? { layout: true } : {}), columnChange: change };
}

function indexCovers(table: TableState | undefined, columns: string[]): boolean {
  const leads = (key: string[]) => columns.length <= key.length && columns.every((c, i) => sameName(key[i] as string, c));
  return !!table && (leads(table.primaryKey) || table.indexes.some((i) => leads(i.columns)));
}

function addForeignKey(clause: AlterClause & { type: 'addForeignKey' }, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const { server, table } = ctx;
  const base = {
    cause: 'foreign-key' as const,
    what: `add foreign key ${clause.name ?? ''} ${ctx.statement.table} → ${clause.refTable}`.replace('  ', ' '),
    parent: clause.refTable,
  };
  if (ctx.fkChecks) {
    return copy({ ...base, why: 'with foreign_key_checks on, every existing row is checked against the parent: the table is copied' });
  }
  const indexed = indexCovers(table, clause.columns ?? []);
  if (server.flavor === 'mariadb' && indexed && passes(server, MARIADB_METADATA)) {
    return instant({
      ...base,
      why: 'with foreign_key_checks off and an index on the columns, the constraint is metadata only (existing rows are not checked)',
    });
  }
  return inPlace({
    ...base,
    why: `with foreign_key_checks off the constraint is added in place${indexed ? '' : ', building an index on its columns'} (existing rows are not checked)`,
    buildsIndex: !indexed,
  }, false);
}

function dropConstraint(name: string, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const index = ctx.table?.indexes.find((i) => sameName(i.name, name));
  if (index) {
    const why = 'dropping a unique constraint drops its index: metadata only, in place';
    return metadataInPlace({ cause: 'drop-index', what: `drop constraint ${name}`, why });
  }
  const isForeignKey = ctx.table?.foreignKeys.some((f) => sameName(f.name, name));
  return metadataChange(ctx.server, MARIADB_METADATA, {
    cause: 'metadata',
    what: `drop ${isForeignKey ? 'foreign key' : 'constraint'} ${name}`,
    why: 'dropping a constraint changes metadata only',
  });
}

function indexVerdict(clause: AlterClause & { type: 'addIndex' }, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const kind = `${clause.unique ? 'unique ' : ''}${clause.variant === 'btree' ? '' : `${clause.variant} `}index`;
  const what = `add ${kind}${clause.name ? ` ${clause.name}` : ''} on ${ctx.statement.table}`;
  if (clause.variant === 'fulltext') {
    return inPlace({
      cause: 'add-index',
      what,
      why: 'a FULLTEXT index blocks writes while it is built, and the first one adds a hidden FTS_DOC_ID column (a rebuild)',
      buildsIndex: true,
    }, true, 'SHARED');
  }
  if (clause.variant === 'spatial') {
    return inPlace({ cause: 'add-index', what, why: 'a SPATIAL index blocks writes while it is built', buildsIndex: true }, false, 'SHARED');
  }
  return inPlace({
    cause: 'add-index',
    what,
    why: 'a secondary index is built in place, reading every row, with concurrent writes allowed',
    buildsIndex: true,
  }, false);
}

function clauseBase(clause: AlterClause, ctx: VerdictContext): Omit<ClauseVerdict, 'clause'> {
  const { server } = ctx;
  const table = ctx.statement.table;
  switch (clause.type) {
    case 'addColumn':
      return addColumn(clause, ctx);
    case 'dropColumn':
      return dropColumn(clause.column, ctx);
    case 'renameColumn':
      return renameColumn(table, clause.from, clause.to, server);
    case 'modifyColumn':
      return modifyColumn(clause, ctx);
    case 'setDefault':
    case 'dropDefault':
      return metadataChange(server, METADATA, {
        cause: 'default',
        what: `${clause.type === 'setDefault' ? 'set' : 'drop'} the default of ${table}.${clause.column}`,
        why: 'a default is metadata only',
      });
    case 'columnVisibility':
    case 'indexVisibility':
    case 'tableOption':
      return metadataChange(server, MARIADB_METADATA, { cause: 'metadata', what: clause.text, why: 'metadata only' });
    case 'addIndex':
      return indexVerdict(clause, ctx);
    case 'dropIndex':
      return metadataInPlace({
        cause: 'drop-index',
        what: `drop index ${clause.name} on ${table}`,
        why: 'dropping an index is metadata only, in place',
      });
    case 'renameIndex':
      return metadataChange(server, MARIADB_METADATA, {
        cause: 'metadata',
        what: `rename index ${clause.from} to ${clause.to}`,
        why: 'renaming an index is metadata only',
      });
    case 'addPrimaryKey':
      return inPlace({
        cause: 'primary-key',
        what: `add the primary key of ${table}`,
        why: 'InnoDB clusters rows by the primary key: the table is rebuilt in place',
        buildsIndex: true,
      }, true);
    case 'dropPrimaryKey':
      if (ctx.statement.clauses.some((c) => c.type === 'addPrimaryKey')) {
        return inPlace({
          cause: 'primary-key',
          what: `replace the primary key of ${table}`,
          why: 'replacing the primary key rebuilds the table in place',
        }, true);
      }
      return copy({
        cause: 'primary-key',
        what: `drop the primary key of ${table}`,
        why: 'dropping the primary key without adding another copies the table',
      });
    case 'addForeignKey':
      return addForeignKey(clause, ctx);
    case 'dropForeignKey':
      return metadataChange(server, MARIADB_METADATA, {
        cause: 'metadata',
        what: `drop foreign key ${clause.name}`,
        why: 'dropping a foreign key changes metadata only',
      });
    case 'addCheck':
      // Observed on MariaDB 10.11; InnoDB cannot validate a new CHECK in place in MySQL either.
      return copy({
        cause: 'check',
        what: `add check ${clause.name ?? ''} on ${table}`.replace('  ', ' '),
        why: 'a new CHECK constraint is validated by copying the table',
      });
    case 'dropConstraint':
      return dropConstraint(clause.name, ctx);
    case 'renameTable': {
      // Observed on MariaDB 10.11: RENAME is INSTANT but refuses LOCK=NONE and LOCK=SHARED.
      const lock: LockLevel = server.flavor === 'mariadb' ? 'EXCLUSIVE' : 'NONE';
      return {
        ...metadataChange(server, METADATA, {
          cause: 'rename-table',
          what: `rename table ${table} to ${clause.to}`,
          why: 'renaming a table changes metadata only',
        }),
        lock,
      };
    }
    case 'convertCharset':
      return copy({
        cause: 'charset',
        what: `convert ${table} to ${clause.charset}`,
        why: 'converting the character set rewrites every text value: the table is copied',
      });
    case 'rebuild':
      return inPlace({ cause: 'rebuild', what: `${clause.option} on ${table}`, why: `${clause.option} rebuilds the table in place` }, true);
  }
}

export function clauseVerdict(clause: AlterClause, ctx: VerdictContext): ClauseVerdict {
  return { clause, ...clauseBase(clause, ctx) };
}

const ALGORITHM_RANK: Record<Algorithm, number> = { INSTANT: 0, INPLACE: 1, COPY: 3 };
const LOCK_RANK: Record<LockLevel, number> = { NONE: 0, SHARED: 1, EXCLUSIVE: 2 };

/** INSTANT 0, INPLACE without rebuild 1 (MariaDB's NOCOPY), INPLACE with rebuild 2, COPY 3. */
export function rank(v: Pick<ClauseVerdict, 'algorithm' | 'rebuild'>): number {
  return ALGORITHM_RANK[v.algorithm] + (v.algorithm === 'INPLACE' && v.rebuild ? 1 : 0);
}

export interface StatementVerdict {
  verdicts: ClauseVerdict[];
  algorithm: Algorithm;
  rebuild: boolean;
  lock: LockLevel;
  scan: boolean;
  /** why the server refuses the statement's ALGORITHM= / LOCK= */
  refusal?: string;
  /** the way out when the refusal is not about ALGORITHM= / LOCK= (syntax the server lacks) */
  refusalFix?: string;
}

/**
 * An INSTANT row-format change (adding, dropping or moving a column) shares the statement's
 * work: MySQL does it in place with a rebuild as soon as any clause is not INSTANT ("INSTANT …
 * cannot be combined with operations that do not support it"); MariaDB 10.11 only when another
 * clause builds an index or rebuilds anyway (observed: ADD COLUMN with ADD INDEX rebuilds, with
 * DROP INDEX it does not).
 */
function combineLayout(verdicts: ClauseVerdict[], server: MysqlServer): ClauseVerdict[] {
  const others = verdicts.filter((v) => !(v.layout && v.algorithm === 'INSTANT'));
  const forces =
    server.flavor === 'mysql' ? others.some((v) => v.algorithm !== 'INSTANT') : others.some((v) => v.buildsIndex || v.rebuild);
  if (!forces) return verdicts;
  const other = server.flavor === 'mysql' ? 'makes a change that is not INSTANT' : 'builds an index or rebuilds the table';
  return verdicts.map((v) =>
    v.layout && v.algorithm === 'INSTANT'
      ? {
          ...v,
          algorithm: 'INPLACE',
          rebuild: true,
          scan: true,
          why: `it would be INSTANT on its own, but this statement also ${other}, so it is done in place with a rebuild of the table`,
          instantWith: 'run it as a statement of its own',
        }
      : v,
  );
}

/** RENAME COLUMN arrived in MySQL 8.0 and MariaDB 10.5.2; older servers reject the statement outright. */
const RENAME_COLUMN_SYNTAX: Gate = { mysql: [8, 0, 0], mariadb: [10, 5, 2] };

function missingSyntax(statement: AlterStatement, server: MysqlServer): { message: string; fix: string } | undefined {
  if (!statement.clauses.some((c) => c.type === 'renameColumn') || passes(server, RENAME_COLUMN_SYNTAX)) return undefined;
  return {
    message: `${server.label} has no RENAME COLUMN (from ${gateText(RENAME_COLUMN_SYNTAX, server.flavor)})`,
    fix: 'write CHANGE COLUMN old_name new_name followed by the full column definition (type, NULL / NOT NULL, DEFAULT), unchanged',
  };
}

/**
 * The rank the server uses under ALGORITHM=: MariaDB reads it as the least efficient algorithm
 * allowed (InnoDB Online DDL Overview, "Specifying an Alter Algorithm"); MySQL uses the algorithm
 * named, so ALGORITHM=INPLACE turns an INSTANT column change into an in-place rebuild.
 */
function explicitAlgorithm(
  verdicts: ClauseVerdict[],
  natural: number,
  requested: string | undefined,
  server: MysqlServer,
): { rank: number; refusal?: string } {
  if (!requested || requested === 'DEFAULT') return { rank: natural };
  if (requested === 'COPY') return { rank: 3 };
  const wanted = ({ INSTANT: 0, NOCOPY: 1, INPLACE: 2 } as Record<string, number>)[requested];
  // INSTANT (MySQL 8.0.12, MariaDB 10.3.7) and NOCOPY (MariaDB 10.3.7) are newer than the clause itself.
  const known = requested === 'INPLACE' || (passes(server, METADATA) && (requested === 'INSTANT' || server.flavor === 'mariadb'));
  if (wanted === undefined || !known) {
    return { rank: natural, refusal: `${server.label} has no ALGORITHM=${requested}` };
  }
  if (natural > wanted) return { rank: natural, refusal: `${server.label} refuses ALGORITHM=${requested}` };
  if (server.flavor === 'mysql' && requested === 'INPLACE' && natural === 0) return { rank: verdicts.some((v) => v.layout) ? 2 : 1 };
  return { rank: natural };
}

/** The statement's algorithm and lock: the most demanding clause, then its ALGORITHM= and LOCK=. */
export function statementVerdict(clauses: ClauseVerdict[], statement: AlterStatement, server: MysqlServer): StatementVerdict {
  const verdicts = combineLayout(clauses, server);
  const natural = verdicts.reduce((r, v) => Math.max(r, rank(v)), 0);
  const algorithm = explicitAlgorithm(verdicts, natural, statement.algorithm, server);
  let lock = verdicts.reduce<LockLevel>((l, v) => (LOCK_RANK[v.lock] > LOCK_RANK[l] ? v.lock : l), 'NONE');
  if (algorithm.rank === 3 && lock === 'NONE') lock = 'SHARED';
  const syntax = missingSyntax(statement, server);
  let refusal = syntax?.message ?? algorithm.refusal;
  if (server.flavor === 'mariadb' && statement.kind === 'DROP INDEX' && (statement.algorithm || statement.lock)) {
    // Observed on MariaDB 10.11: DROP INDEX … ON t takes no ALGORITHM= or LOCK= (a syntax error).
    refusal = `${server.label}'s DROP INDEX takes no ALGORITHM= or LOCK= (ALTER TABLE … DROP INDEX does)`;
  }
  const requested = statement.lock;
  if (requested && requested !== 'DEFAULT') {
    const level = requested as LockLevel;
    if (!(level in LOCK_RANK)) refusal ??= `${server.label} has no LOCK=${requested}`;
    else if (LOCK_RANK[level] < LOCK_RANK[lock]) refusal ??= `${server.label} refuses LOCK=${requested}`;
    else lock = level;
  }
  const names: Algorithm[] = ['INSTANT', 'INPLACE', 'INPLACE', 'COPY'];
  return {
    verdicts,
    algorithm: names[algorithm.rank] as Algorithm,
    rebuild: algorithm.rank >= 2,
    lock,
    scan: algorithm.rank >= 2 || verdicts.some((v) => v.scan),
    ...(refusal ? { refusal } : {}),
    ...(syntax ? { refusalFix: syntax.fix } : {}),
  };
}
