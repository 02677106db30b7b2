import { MigError } from '../../errors';
import type { Column, ColumnReference } from '../../model/schema';
import { type Cursor, noMatch } from '../cursor';
import { inferColumn } from '../infer';
import { type Literal, fitDefault, requireLiteral, typeOfValue } from '../literals';
import { readType } from '../types';
import { referentialAction } from './common';

/** A column as written, before inference fills in what was left out. */
export interface ColumnDraft {
  /** from a qualified name, `users.email` */
  table?: string;
  name: string;
  type?: string;
  nullable?: boolean;
  default?: Literal;
  unique?: boolean;
  primaryKey?: boolean;
  references?: ColumnReference;
}

/** Words that end a column's name and type: separators, modifiers and the table preposition. */
const NOT_A_TYPE = [
  'and', 'to', 'on', 'in', 'into', 'from', 'with', 'without', 'not', 'null', 'nullable', 'default', 'unique',
  'primary', 'references', 'table', 'named', 'called',
];

function setNullable(draft: ColumnDraft, nullable: boolean): void {
  if (draft.nullable !== undefined && draft.nullable !== nullable) {
    throw new MigError(`column ${draft.name} is marked both null and not null; keep one`, { code: 'BAD_DESCRIPTION' });
  }
  draft.nullable = nullable;
}

function reference(c: Cursor): ColumnReference {
  const table = c.name();
  let column = 'id';
  if (c.acceptPunct('.')) column = c.name();
  else if (c.acceptPunct('(')) {
    column = c.name();
    c.expectPunct(')');
  }
  const ref: ColumnReference = { table, column };
  if (c.accept('on', 'delete')) ref.onDelete = referentialAction(c);
  return ref;
}

/** `not null`, `null`, `default 0`, `unique`, `primary key`, `references users(id) on delete cascade`, in any order. */
function modifiers(c: Cursor, draft: ColumnDraft): void {
  for (;;) {
    if (c.accept('not', 'null')) setNullable(draft, false);
    else if (c.acceptAny('null', 'nullable')) setNullable(draft, true);
    else if (c.accept('default')) draft.default = requireLiteral(c, `default of column ${draft.name}`);
    else if (c.accept('unique')) draft.unique = true;
    else if (c.accept('primary', 'key')) draft.primaryKey = true;
    else if (c.accept('references')) draft.references = reference(c);
    else return;
  }
}

/** `price decimal(10,2) not null default 0`, `body:text`, `users.nickname string(40)`, or just `phone`. */
export function columnDef(c: Cursor, options: { qualified: boolean }): ColumnDraft {
  let name = c.name();
  let table: string | undefined;
  if (options.qualified && c.acceptPunct('.')) {
    table = name;
    name = c.name();
  }
  const draft: ColumnDraft = table === undefined ? { name } : { table, name };
  if (c.acceptPunct(':')) draft.type = readType(c);
  else if (c.peek()?.kind === 'word' && !c.isWord(0, ...NOT_A_TYPE)) draft.type = readType(c);
  modifiers(c, draft);
  return draft;
}

/**
 * Columns separated by `,` / `and`. `stop` is asked after each separator; when it says the list is
 * over (`..., and timestamps`), the separator is left for the caller.
 */
export function columnDefs(c: Cursor, options: { qualified: boolean; stop?: (c: Cursor) => boolean }): ColumnDraft[] {
  const drafts = [columnDef(c, options)];
  for (;;) {
    const before = c.mark();
    if (!c.separator()) return drafts;
    if (options.stop?.(c)) {
      c.reset(before);
      return drafts;
    }
    drafts.push(columnDef(c, options));
  }
}

function baseColumn(draft: ColumnDraft): Column {
  if (draft.type) return { name: draft.name, type: draft.type, nullable: true };
  const inferred = inferColumn(draft.name);
  const value = draft.default?.value;
  if (inferred.fallback && value !== undefined && value !== null) {
    return { name: draft.name, type: typeOfValue(value), nullable: true };
  }
  return { name: draft.name, ...inferred.column };
}

function applyDefault(column: Column, lit: Literal): void {
  if (lit.value === null) {
    if (!column.nullable) {
      throw new MigError(`column ${column.name} is NOT NULL but its default is null; drop "default null" or make it nullable`, {
        code: 'BAD_DEFAULT',
      });
    }
    delete column.default;
    return;
  }
  column.default = fitDefault(column.name, column.type, { value: lit.value, text: lit.text });
}

/**
 * The column a draft describes. An explicit type means exactly what was written (nullable unless
 * `not null`); without one the name's inference rule decides (INFERENCE_RULES), and modifiers adjust it.
 */
export function columnFrom(draft: ColumnDraft): Column {
  const column = baseColumn(draft);
  if (draft.nullable !== undefined) column.nullable = draft.nullable;
  if (draft.primaryKey) {
    if (draft.nullable === true) {
      throw new MigError(`primary key column ${draft.name} cannot be null; drop "null"`, { code: 'BAD_DESCRIPTION' });
    }
    column.primaryKey = true;
    column.nullable = false;
  }
  if (draft.default) applyDefault(column, draft.default);
  if (draft.unique) column.unique = true;
  if (draft.references) column.references = draft.references;
  return column;
}

/** The `id` primary key every created table gets unless told otherwise. */
export function idColumn(): Column {
  return { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true };
}

/** Rails' `t.timestamps`. */
export function timestampColumns(): Column[] {
  return [
    { name: 'created_at', type: 'timestamp', nullable: false },
    { name: 'updated_at', type: 'timestamp', nullable: false },
  ];
}

/** Names that begin another phrase after `add`/`drop`, never a column (quote them to use them as names). */
export const NOT_A_COLUMN = [
  'index', 'unique', 'foreign', 'check', 'constraint', 'not', 'primary', 'default', 'table', 'tables', 'key',
  'references',
];

export function refuseKeywordColumn(c: Cursor): void {
  if (c.isWord(0, ...NOT_A_COLUMN)) noMatch();
}
