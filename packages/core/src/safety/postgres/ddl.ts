/** CREATE / DROP / RENAME / REINDEX / TRUNCATE and the other statements that change tables. */
import { type Fields, as, bool, list, names } from './ast';
import { type Ctx, PASS_SCHEMA, relName } from './description';
import { readsFrom } from './dml';
import type { LockMode } from './locks';
import { columnConstraints } from './state';

export function rename(f: Fields, { d, k }: Ctx): void {
  const type = String(f['renameType']);
  d.kinds.push(type);
  const relation = relName(f['relation']);
  if (type === 'OBJECT_INDEX') {
    // ALTER INDEX … RENAME locks the index, not its table.
    d.touch(relation ? k.index(relation)?.table : undefined);
    return;
  }
  if (relation) d.lock(relation, 'ACCESS EXCLUSIVE');
}

export function createIndex(f: Fields, { d }: Ctx): void {
  const concurrent = bool(f['concurrent']);
  d.lock(relName(f['relation']), concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
  d.scan = true;
  if (concurrent) d.transactional = false;
}

export function drop(f: Fields, ctx: Ctx): void {
  const { d, k } = ctx;
  const type = String(f['removeType']);
  d.kinds.push(type);
  const objects = list(f['objects']).map((o) => names(as(o, 'List')?.['items'] ?? [o]));
  const concurrent = bool(f['concurrent']);
  if (concurrent) d.transactional = false;
  if (concurrent) d.requires('DROP INDEX CONCURRENTLY', 9.2, ctx.version);
  for (const parts of objects) {
    const name = parts[parts.length - 1] ?? '';
    if (type === 'OBJECT_INDEX') {
      const table = k.index(name)?.table;
      if (table) d.lock(table, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
      else d.note(`the table of index ${name} is unknown (${PASS_SCHEMA}); its lock is not listed`);
    } else if (type === 'OBJECT_TABLE') dropTable(name, f['behavior'] === 'DROP_CASCADE', ctx);
    else if (type === 'OBJECT_VIEW' || type === 'OBJECT_MATVIEW') d.lock(name, 'ACCESS EXCLUSIVE');
  }
}

function dropTable(table: string, cascade: boolean, { d, k }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  if (!k.table(table)) {
    d.note(`the foreign keys of ${table} are unknown (${PASS_SCHEMA}); the tables they reference are locked ACCESS EXCLUSIVE too`);
    return;
  }
  // The foreign keys' triggers on the other tables go with it.
  for (const fk of k.constraintsOf(table)) if (fk.kind === 'foreign') d.lock(fk.refTable, 'ACCESS EXCLUSIVE');
  if (!cascade) return;
  for (const fk of k.foreignKeysTo(table)) d.lock(fk.table, 'ACCESS EXCLUSIVE');
  d.note(`CASCADE also drops the views that depend on ${table}, under ACCESS EXCLUSIVE; they are not listed`);
}

export function reindex(f: Fields, { d, k, version }: Ctx): void {
  const kind = String(f['kind']);
  d.kinds.push(kind);
  const asked = list(f['params']).some((p) => as(p, 'DefElem')?.['defname'] === 'concurrently');
  const concurrent = asked && d.requires('REINDEX CONCURRENTLY', 12, version);
  if (concurrent) d.transactional = false;
  const mode: LockMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
  const relation = relName(f['relation']);
  if (kind === 'REINDEX_OBJECT_TABLE') d.lock(relation, mode);
  else if (kind === 'REINDEX_OBJECT_INDEX') {
    const table = relation ? k.index(relation)?.table : undefined;
    if (table) d.lock(table, mode);
    else d.note(`the table of index ${relation} is unknown (${PASS_SCHEMA}); its lock is not listed`);
  } else {
    // REINDEX SCHEMA / DATABASE / SYSTEM commit per table, so they cannot run in a transaction block.
    d.transactional = false;
    d.note(`${kind.replace('REINDEX_OBJECT_', 'REINDEX ')} locks every table it reindexes; they are not listed`);
  }
  d.scan = true;
}

export function truncate(f: Fields, { d, k }: Ctx): void {
  const tables = list(f['relations']).flatMap((r) => relName(r) ?? []);
  for (const t of tables) d.lock(t, 'ACCESS EXCLUSIVE');
  if (f['behavior'] === 'DROP_CASCADE') {
    const queue = [...tables];
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      for (const fk of k.foreignKeysTo(t)) {
        if (d.locks.get(fk.table)) continue;
        d.lock(fk.table, 'ACCESS EXCLUSIVE');
        queue.push(fk.table);
      }
    }
  }
  d.rewrite = true;
}

export function createTable(f: Fields, { d }: Ctx): void {
  const table = relName(f['relation']);
  d.lock(table, 'ACCESS EXCLUSIVE');
  const parents = list(f['inhRelations']).flatMap((r) => relName(r) ?? []);
  for (const p of parents) d.lock(p, f['partbound'] ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
  for (const el of list(f['tableElts'])) {
    const column = as(el, 'ColumnDef');
    const cons = column ? columnConstraints(column) : [as(el, 'Constraint') ?? {}];
    for (const c of cons) {
      const ref = c['contype'] === 'CONSTR_FOREIGN' ? relName(c['pktable']) : undefined;
      if (ref && ref !== table) d.lock(ref, 'SHARE ROW EXCLUSIVE');
    }
    const like = as(el, 'TableLikeClause');
    if (like) d.lock(relName(like['relation']), 'ACCESS SHARE');
  }
}

export function createTableAs(f: Fields, { d }: Ctx): void {
  d.kinds.push(String(f['objtype']));
  const into = f['into'] as Fields | undefined;
  d.lock(relName(into?.['rel']), 'ACCESS EXCLUSIVE');
  readsFrom(d, f['query']);
  if (bool(into?.['skipData'])) d.scan = false;
}

export function vacuum(f: Fields, { d }: Ctx): void {
  const isVacuum = bool(f['is_vacuumcmd']);
  const full = list(f['options']).some((o) => as(o, 'DefElem')?.['defname'] === 'full');
  if (isVacuum) d.transactional = false;
  const rels = list(f['rels']).map((r) => relName(as(r, 'VacuumRelation')?.['relation']));
  if (!rels.length) d.note(`${isVacuum ? 'VACUUM' : 'ANALYZE'} without a table processes every table; they are not listed`);
  for (const t of rels) d.lock(t, isVacuum && full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE');
  if (isVacuum && full) {
    d.rewrite = true;
    d.scan = true;
  }
}

export function cluster(f: Fields, { d }: Ctx): void {
  const table = relName(f['relation']);
  if (!table) {
    d.transactional = false;
    d.note('CLUSTER without a table processes every clustered table; they are not listed');
    return;
  }
  d.lock(table, 'ACCESS EXCLUSIVE');
  d.rewrite = true;
  d.scan = true;
}
