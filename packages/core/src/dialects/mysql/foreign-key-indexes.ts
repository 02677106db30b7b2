/**
 * InnoDB needs an index led by a foreign key's columns. When none exists it creates one, named
 * after the constraint, and silently drops it again once another index can take its place;
 * dropping the constraint leaves it behind. mig keeps these backing indexes out of the schema
 * model (introspection hides them) and derives them from the table instead, so renderers know
 * exactly which exist before and after each operation and can drop or add them explicitly.
 */
import type { Index, Table } from '../../model/schema';

/** An index on `columns` can serve a foreign key on `fkColumns` when they lead it, in order. */
export function leadsWith(columns: string[], fkColumns: string[]): boolean {
  return fkColumns.length <= columns.length && fkColumns.every((c, i) => columns[i] === c);
}

/**
 * The backing indexes of a table in model form: one per foreign key, in order, that neither the
 * primary key, an index of the table, nor an earlier foreign key's backing index can serve.
 */
export function backingIndexes(table: Table): Index[] {
  const serving = [...(table.primaryKey.length ? [table.primaryKey] : []), ...table.indexes.map((i) => i.columns)];
  const out: Index[] = [];
  for (const fk of table.foreignKeys) {
    if (serving.some((columns) => leadsWith(columns, fk.columns))) continue;
    out.push({ name: fk.name, columns: [...fk.columns], unique: false });
    serving.push(fk.columns);
  }
  return out;
}

function sameIndex(a: Index, b: Index): boolean {
  return a.name === b.name && a.columns.length === b.columns.length && a.columns.every((c, i) => b.columns[i] === c);
}

/** The backing indexes an operation makes redundant (`drop`) or newly needed (`add`). */
export function backingIndexChanges(before: Table, after: Table): { drop: Index[]; add: Index[] } {
  const was = backingIndexes(before);
  const will = backingIndexes(after);
  return {
    drop: was.filter((i) => !will.some((j) => sameIndex(i, j))),
    add: will.filter((i) => !was.some((j) => sameIndex(i, j))),
  };
}

/**
 * A table as read from the server, in model form: an index named after one of its foreign keys,
 * on exactly its columns, that the foreign key could not do without is its backing index and is
 * left out. Any other index, even one named like a foreign key, is a real index of the table.
 */
export function withoutBackingIndexes(table: Table): Table {
  const isCandidate = (i: Index) =>
    !i.unique && table.foreignKeys.some((f) => f.name === i.name && sameIndex(i, { ...i, columns: f.columns }));
  const explicit = { ...table, indexes: table.indexes.filter((i) => !isCandidate(i)) };
  const backing = backingIndexes(explicit);
  return { ...table, indexes: table.indexes.filter((i) => !isCandidate(i) || !backing.some((b) => sameIndex(i, b))) };
}
