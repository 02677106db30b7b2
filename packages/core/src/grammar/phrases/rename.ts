import { MigError } from '../../errors';
import type { RenameColumn, RenameTable } from '../../model/operations';
import type { Cursor } from '../cursor';
import { columnRef, sameTable, tableAfter } from './common';
import type { Phrase } from './phrase';

export const renameTable: Phrase = {
  id: 'rename-table',
  examples: ['rename table posts to articles', 'rename posts table to articles'],
  parse(c: Cursor): RenameTable[] {
    c.expect('rename');
    let from: string;
    if (c.accept('table')) from = c.name();
    else {
      from = c.name();
      c.expect('table');
    }
    c.expectAny('to', 'as');
    if (c.isWord(0, 'table') && c.isName(1)) c.index += 1;
    const to = c.name();
    c.end();
    return [{ kind: 'renameTable', from, to }];
  },
};

export const renameColumn: Phrase = {
  id: 'rename-column',
  examples: ['rename column old_name to new_name in users', 'rename users.old_name to new_name'],
  parse(c: Cursor): RenameColumn[] {
    c.expect('rename');
    const columnWord = c.isWord(0, 'column', 'field');
    const ref = columnRef(c);
    c.expectAny('to', 'as');
    let to = c.name();
    let table = ref.table;
    if (c.acceptPunct('.')) {
      table = table === undefined ? to : sameTable(table, to, `renaming ${ref.column}`);
      to = c.name();
    }
    if (table === undefined && columnWord && c.atEnd()) {
      throw new MigError(`say which table column ${ref.column} is in: "rename column ${ref.column} to ${to} in <table>"`, {
        code: 'BAD_DESCRIPTION',
      });
    }
    if (table === undefined) table = tableAfter(c, 'in', 'of', 'on');
    c.end();
    return [{ kind: 'renameColumn', table, from: ref.column, to }];
  },
};

/** `rename a to b` could be a table or a column; say how to tell them apart rather than guess. */
export const renameUnclear: Phrase = {
  id: 'rename-unclear',
  examples: [],
  parse(c: Cursor): never {
    c.expect('rename');
    const from = c.name();
    c.expectAny('to', 'as');
    const to = c.name();
    c.end();
    throw new MigError(
      `"rename ${from} to ${to}" does not say what ${from} is; write "rename table ${from} to ${to}" or "rename column ${from} to ${to} in <table>"`,
      { code: 'BAD_DESCRIPTION' },
    );
  },
};
