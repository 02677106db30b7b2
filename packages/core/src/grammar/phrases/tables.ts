import { MigError } from '../../errors';
import type { Column } from '../../model/schema';
import type { CreateTable, DropTable } from '../../model/operations';
import { type Cursor, noMatch } from '../cursor';
import { inferColumn } from '../infer';
import { type ColumnDraft, columnDefs, columnFrom, idColumn, timestampColumns } from './column-def';
import type { Phrase } from './phrase';

interface TableSpec {
  drafts: ColumnDraft[];
  primaryKey?: string[];
  withoutId: boolean;
  timestamps: boolean;
}

/** `timestamps` standing alone (not a column list entry such as `timestamps text`). */
function timestampsAhead(c: Cursor): boolean {
  return c.isWord(0, 'timestamps') && (c.peek(1) === undefined || c.isPunct(1, ',') || c.isWord(1, 'and', 'with', 'without'));
}

/** After a separator inside a column list: the list is over when another clause starts. */
function clauseStarts(c: Cursor): boolean {
  return c.isWord(0, 'with', 'without') || c.isWords('primary', 'key') || timestampsAhead(c);
}

function withClause(c: Cursor, spec: TableSpec): void {
  if (c.accept('primary', 'key')) {
    spec.primaryKey = c.nameList();
    return;
  }
  if (timestampsAhead(c)) {
    c.index += 1;
    spec.timestamps = true;
    return;
  }
  c.acceptAny('columns', 'column');
  spec.drafts.push(...columnDefs(c, { qualified: false, stop: clauseStarts }));
}

/** `with a, b`, `(a text, b int)`, `without id`, `with primary key code`, `and timestamps`, in any order. */
function clauses(c: Cursor): TableSpec {
  const spec: TableSpec = { drafts: [], withoutId: false, timestamps: false };
  while (!c.atEnd()) {
    if (c.acceptPunct('(')) {
      spec.drafts.push(...columnDefs(c, { qualified: false }));
      c.expectPunct(')');
    } else if (c.accept('without')) {
      if (!c.acceptAny('id') && !c.accept('primary', 'key')) noMatch();
      spec.withoutId = true;
    } else if (c.acceptAny('with', 'having')) {
      withClause(c, spec);
    } else if (c.separator()) {
      // `..., and without id` joins clauses; `..., and timestamps` or more columns continue the list
      if (!c.isWord(0, 'with', 'without')) withClause(c, spec);
    } else noMatch();
  }
  return spec;
}

/** A column written as plain `id` in a create is the usual primary key; with a type it keeps that type. */
function createColumn(draft: ColumnDraft): Column {
  if (draft.name === 'id' && !draft.type && !draft.default && draft.nullable === undefined) return idColumn();
  return columnFrom(draft);
}

function markPrimaryKey(columns: Column[], names: string[]): Column[] {
  const added = names
    .filter((n) => !columns.some((col) => col.name === n))
    .map((n): Column => (n === 'id' ? idColumn() : { name: n, ...inferColumn(n).column }));
  const all = [...added, ...columns];
  for (const col of all) {
    if (names.includes(col.name)) {
      col.primaryKey = true;
      col.nullable = false;
    }
  }
  return all;
}

function tableColumns(table: string, spec: TableSpec): Column[] {
  let columns = spec.drafts.map(createColumn);
  const seen = new Set<string>();
  for (const col of columns) {
    if (seen.has(col.name)) {
      throw new MigError(`column ${col.name} appears twice in table ${table}; name it once`, { code: 'BAD_DESCRIPTION' });
    }
    seen.add(col.name);
  }
  if (spec.primaryKey) columns = markPrimaryKey(columns, spec.primaryKey);
  else if (!spec.withoutId && !columns.some((col) => col.primaryKey)) columns = markPrimaryKey(columns, ['id']);
  const all = spec.timestamps ? [...columns, ...timestampColumns()] : columns;
  if (all.length === 0) {
    throw new MigError(`table ${table} would have no columns; list some, as in "create table ${table} with name"`, {
      code: 'BAD_DESCRIPTION',
    });
  }
  return all;
}

export const createTable: Phrase = {
  id: 'create-table',
  examples: [
    'create posts table',
    'create table posts with title string(200) not null, body text, published_at',
    'create posts table with title, body:text',
    'create table countries with code string(2), name without id with primary key code',
    'create table events (name text, payload jsonb) and timestamps',
  ],
  parse(c: Cursor): CreateTable[] {
    c.expect('create');
    c.accept('new');
    if (c.isWord(0, 'index', 'unique', 'foreign', 'check', 'constraint')) noMatch();
    let table: string;
    if (c.accept('table')) {
      table = c.name();
    } else {
      table = c.name();
      c.accept('table');
    }
    return [{ kind: 'createTable', table, columns: tableColumns(table, clauses(c)) }];
  },
};

export const dropTable: Phrase = {
  id: 'drop-table',
  examples: ['drop table posts', 'drop posts table'],
  parse(c: Cursor): DropTable[] {
    c.expectAny('drop', 'remove', 'delete');
    let tables: string[];
    if (c.acceptAny('table', 'tables')) tables = c.nameList();
    else {
      tables = c.nameList();
      c.expectAny('table', 'tables');
    }
    c.end();
    return tables.map((table) => ({ kind: 'dropTable', table }));
  },
};
