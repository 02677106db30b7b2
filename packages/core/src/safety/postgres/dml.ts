/** UPDATE / DELETE / INSERT / SELECT: their row-level locks, and foreign keys that reach other tables. */
import { type Fields, as, collect, columnRefName, lastName, list, str } from './ast';
import { type Ctx, type Description, PASS_SCHEMA, relName } from './description';
import { conjuncts } from './expressions';
import type { KnownConstraint, Knowledge } from './state';

/** Names the statement's WITH clause defines: they are not tables. */
function cteNames(f: Fields): Set<string> {
  const ctes = list(as(f['withClause'], 'WithClause')?.['ctes'] ?? (f['withClause'] as Fields | undefined)?.['ctes']);
  return new Set(ctes.flatMap((c) => str(as(c, 'CommonTableExpr')?.['ctename']) ?? []));
}

/** ACCESS SHARE (ROW SHARE under FOR UPDATE / FOR SHARE) on every table a query reads; scan when it reads one whole. */
export function readsFrom(d: Description, query: unknown, except?: string): void {
  const select = as(query, 'SelectStmt');
  if (!select) return;
  const ctes = cteNames(select);
  const locking = list(select['lockingClause']).length > 0;
  for (const r of collect(query, 'RangeVar')) {
    const name = str(r['relname']);
    if (name && name !== except && !ctes.has(name)) d.lock(name, locking ? 'ROW SHARE' : 'ACCESS SHARE');
  }
  if (list(select['fromClause']).length && select['whereClause'] === undefined && select['limitCount'] === undefined) {
    d.scan = true;
  }
}

/** Leading columns of the table's indexes (primary key included), or undefined when the indexes are unknown. */
function indexedColumns(k: Knowledge, table: string): string[] | undefined {
  if (!k.table(table)) return undefined;
  const out: string[] = [];
  for (const i of k.indexesOf(table)) if (i.columns[0] !== undefined) out.push(i.columns[0]);
  return out;
}

/** Can a WHERE conjunct use an index whose leading column is in `indexed`? */
function usesIndex(conjunct: unknown, indexed: string[]): boolean {
  const e = as(conjunct, 'A_Expr');
  if (e) {
    const col = columnRefName(e['lexpr']) ?? columnRefName(e['rexpr']);
    const op = lastName(e['name']);
    const kinds = ['AEXPR_BETWEEN', 'AEXPR_IN', 'AEXPR_OP_ANY'];
    return !!col && indexed.includes(col) && (kinds.includes(String(e['kind'])) || ['=', '<', '<=', '>', '>='].includes(op ?? ''));
  }
  const nullTest = as(conjunct, 'NullTest');
  if (nullTest) return indexed.includes(columnRefName(nullTest['arg']) ?? '');
  const sub = as(conjunct, 'SubLink');
  return !!sub && indexed.includes(columnRefName(sub['testexpr']) ?? '');
}

/** Does DML on `table` with this WHERE read every row? */
function readsEveryRow(table: string, where: unknown, d: Description, k: Knowledge): boolean {
  if (where === undefined) return true;
  const indexed = indexedColumns(k, table);
  if (!indexed) {
    d.note(`the indexes of ${table} are unknown (${PASS_SCHEMA}); assumed the WHERE clause can use one`);
    return false;
  }
  return !conjuncts(where).some((c) => usesIndex(c, indexed));
}

/** Is there an index whose leading columns are `columns` (in any order)? */
export function hasLeadingIndex(k: Knowledge, table: string, columns: string[]): boolean {
  return k.indexesOf(table).some((i) => {
    if (i.columns.length < columns.length) return false;
    return columns.every((c) => {
      const at = i.columns.indexOf(c);
      return at !== -1 && at < columns.length;
    });
  });
}

/** Row locks through foreign keys referencing `table` when its referenced columns change or rows go. */
function referencingEffects(table: string, changed: string[] | 'all', on: 'delete' | 'update', d: Description, k: Knowledge): void {
  const unindexed: KnownConstraint[] = [];
  for (const fk of k.foreignKeysTo(table)) {
    if (changed !== 'all' && !fk.refColumns?.some((c) => changed.includes(c))) continue;
    const action = on === 'delete' ? fk.onDelete : fk.onUpdate;
    d.lock(fk.table, action === 'c' || action === 'n' || action === 'd' ? 'ROW EXCLUSIVE' : 'ROW SHARE');
    if (!hasLeadingIndex(k, fk.table, fk.columns)) unindexed.push(fk);
  }
  if (!unindexed.length) return;
  d.scan = true;
  const more = unindexed.length > 3 ? ` and ${unindexed.length - 3} more` : '';
  const which = unindexed.slice(0, 3).map((fk) => `${fk.table} (${fk.columns.join(', ')})`).join(', ') + more;
  d.note(`no index on the foreign key of ${which}: each ${on}d row of ${table} scans ${unindexed.length > 1 ? 'them' : 'it'}`);
}

/** ROW SHARE on the tables that new values of the foreign-key columns must exist in. */
function referencedEffects(table: string, changed: string[] | 'all', d: Description, k: Knowledge): void {
  for (const fk of k.constraintsOf(table)) {
    if (fk.kind !== 'foreign' || fk.refTable === table) continue;
    if (changed === 'all' || fk.columns.some((c) => changed.includes(c))) d.lock(fk.refTable, 'ROW SHARE');
  }
}

function otherTables(f: Fields, target: string, d: Description, keys: string[]): void {
  const ctes = cteNames(f);
  for (const key of keys) {
    for (const r of collect(f[key], 'RangeVar')) {
      const name = str(r['relname']);
      if (name && name !== target && !ctes.has(name)) d.lock(name, 'ACCESS SHARE');
    }
  }
}

export function update(f: Fields, { d, k }: Ctx): void {
  const table = relName(f['relation']);
  if (!table) return;
  d.lock(table, 'ROW EXCLUSIVE');
  otherTables(f, table, d, ['fromClause', 'whereClause', 'targetList']);
  const set = list(f['targetList']).flatMap((t) => str(as(t, 'ResTarget')?.['name']) ?? []);
  referencedEffects(table, set, d, k);
  referencingEffects(table, set, 'update', d, k);
  if (readsEveryRow(table, f['whereClause'], d, k)) d.scan = true;
}

export function deleteRows(f: Fields, { d, k }: Ctx): void {
  const table = relName(f['relation']);
  if (!table) return;
  d.lock(table, 'ROW EXCLUSIVE');
  otherTables(f, table, d, ['usingClause', 'whereClause']);
  referencingEffects(table, 'all', 'delete', d, k);
  if (readsEveryRow(table, f['whereClause'], d, k)) d.scan = true;
}

export function insert(f: Fields, { d, k }: Ctx): void {
  const table = relName(f['relation']);
  if (!table) return;
  d.lock(table, 'ROW EXCLUSIVE');
  const columns = list(f['cols']).flatMap((c) => str(as(c, 'ResTarget')?.['name']) ?? []);
  const select = as(f['selectStmt'], 'SelectStmt');
  if (select && list(select['fromClause']).length) readsFrom(d, f['selectStmt'], table);
  referencedEffects(table, columns.length ? columns : 'all', d, k);
}

export function select(f: Fields, { d }: Ctx): void {
  readsFrom(d, { SelectStmt: f });
}
