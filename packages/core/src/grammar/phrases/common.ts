import { MigError } from '../../errors';
import type { ReferentialAction } from '../../model/schema';
import { type Cursor, noMatch } from '../cursor';

/** `to users`, `to table users`, `to the users table`: the table a phrase acts on. */
export function tableAfter(c: Cursor, ...prepositions: string[]): string {
  c.expectAny(...prepositions);
  if (c.isWord(0, 'the') && c.isName(1)) c.index += 1;
  if (c.isWord(0, 'table') && c.isName(1)) c.index += 1;
  const table = c.name();
  c.accept('table');
  return table;
}

export interface ColumnRef {
  table?: string;
  column: string;
}

export interface FullColumnRef {
  table: string;
  column: string;
}

/** `users.email`, `email in users`, `column email of table users`, or a bare `email` whose table comes later. */
export function columnRef(c: Cursor): ColumnRef {
  c.acceptAny('column', 'field');
  const first = c.name();
  if (c.acceptPunct('.')) return { table: first, column: c.name() };
  if (c.isWord(0, 'in', 'of', 'on', 'for', 'from') && c.isName(1)) {
    return { table: tableAfter(c, 'in', 'of', 'on', 'for', 'from'), column: first };
  }
  return { column: first };
}

/** A column reference that must name its table by now, or right here (`... in users`). */
export function withTable(c: Cursor, ref: ColumnRef): FullColumnRef {
  const table = ref.table ?? tableAfter(c, 'in', 'of', 'on', 'for');
  return { table, column: ref.column };
}

/** A column reference complete at once: `users.email` or `email in users`. */
export function fullColumnRef(c: Cursor): FullColumnRef {
  return withTable(c, columnRef(c));
}

/** `named idx_x` / `called idx_x`. */
export function namedClause(c: Cursor): string | undefined {
  return c.acceptAny('named', 'called') ? c.name() : undefined;
}

/** `to`, `as` or `=` before a value. */
export function acceptTo(c: Cursor): boolean {
  return c.acceptAny('to', 'as') !== undefined || c.acceptPunct('=');
}

/** After `on delete`: cascade | set null | set default | restrict | no action. */
export function referentialAction(c: Cursor): ReferentialAction {
  if (c.accept('cascade')) return 'cascade';
  if (c.accept('restrict')) return 'restrict';
  if (c.accept('set', 'null')) return 'set null';
  if (c.accept('set', 'default')) return 'set default';
  if (c.accept('no', 'action')) return 'no action';
  const t = c.peek();
  throw new MigError(
    `unknown action ${t ? `"${c.source.slice(t.start, t.end)}"` : '(none)'} after "on delete"; write cascade, set null, set default, restrict or no action`,
    { code: 'BAD_DESCRIPTION' },
  );
}

/** `users.email` or `users(email, tenant_id)`: a table and its columns. */
export function tableColumns(c: Cursor): { table: string; columns: string[] } {
  const table = c.name();
  if (c.acceptPunct('.')) return { table, columns: c.isPunct(0, '(') ? c.nameList() : [c.name()] };
  if (!c.isPunct(0, '(')) noMatch();
  return { table, columns: c.nameList() };
}

/** The same table named twice must be the same table. */
export function sameTable(first: string, second: string, what: string): string {
  if (first !== second) {
    throw new MigError(`${what} names two tables, ${first} and ${second}; name one table`, { code: 'BAD_DESCRIPTION' });
  }
  return first;
}
