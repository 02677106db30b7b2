import { MigError } from '../../errors';
import type { AddColumn, DropColumn } from '../../model/operations';
import type { Cursor } from '../cursor';
import { type ColumnRef, sameTable, tableAfter } from './common';
import { columnDefs, columnFrom, refuseKeywordColumn } from './column-def';
import type { Phrase } from './phrase';

function tableOf(ref: { table?: string; name: string }, table: string | undefined, example: string): string {
  if (ref.table !== undefined && table !== undefined) return sameTable(ref.table, table, `column ${ref.name}`);
  const found = ref.table ?? table;
  if (found === undefined) {
    throw new MigError(`say which table column ${ref.name} belongs to: "${example.replace('x', ref.name)}"`, {
      code: 'BAD_DESCRIPTION',
    });
  }
  return found;
}

export const addColumns: Phrase = {
  id: 'add-columns',
  examples: [
    'add email_verified to users',
    'add column price decimal(10,2) not null default 0 to products',
    'add email_verified and phone to users',
    'add columns nickname string(40), bio text to users',
    'add users.nickname string(40)',
  ],
  parse(c: Cursor): AddColumn[] {
    c.expect('add');
    c.accept('new');
    c.acceptAny('column', 'columns', 'field', 'fields');
    refuseKeywordColumn(c);
    const drafts = columnDefs(c, { qualified: true });
    const table = c.atEnd() ? undefined : tableAfter(c, 'to', 'on', 'in', 'into');
    c.end();
    return drafts.map((d) => ({ kind: 'addColumn', table: tableOf(d, table, 'add x to <table>'), column: columnFrom(d) }));
  },
};

function columnName(c: Cursor): ColumnRef {
  const first = c.name();
  return c.acceptPunct('.') ? { table: first, column: c.name() } : { column: first };
}

export const dropColumns: Phrase = {
  id: 'drop-columns',
  examples: ['remove phone from users', 'drop column phone from users', 'remove nickname, bio from users', 'drop users.phone'],
  parse(c: Cursor): DropColumn[] {
    c.expectAny('remove', 'drop', 'delete');
    c.acceptAny('column', 'columns', 'field', 'fields');
    refuseKeywordColumn(c);
    const refs = [columnName(c)];
    while (c.separator()) refs.push(columnName(c));
    const table = c.atEnd() ? undefined : tableAfter(c, 'from', 'in', 'on');
    c.end();
    const [only] = refs;
    if (table === undefined && refs.length === 1 && only && only.table === undefined) {
      throw new MigError(
        `"drop ${only.column}" does not say what ${only.column} is; write "drop table ${only.column}" or "drop column ${only.column} from <table>"`,
        { code: 'BAD_DESCRIPTION' },
      );
    }
    return refs.map((r) => ({
      kind: 'dropColumn',
      table: tableOf({ table: r.table, name: r.column }, table, 'remove x from <table>'),
      column: r.column,
    }));
  },
};
