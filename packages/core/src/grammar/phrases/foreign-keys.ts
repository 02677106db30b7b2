import { MigError } from '../../errors';
import { foreignKeyName } from '../../model/naming';
import type { AddForeignKey, DropForeignKey } from '../../model/operations';
import type { ReferentialAction } from '../../model/schema';
import type { Cursor } from '../cursor';
import { namedClause, referentialAction, tableAfter, tableColumns } from './common';
import type { Phrase } from './phrase';

/** `users`, `users.id`, `users(id)`: the referenced table and columns (`id` when left out). */
function referenced(c: Cursor, count: number): { refTable: string; refColumns: string[] } {
  c.accept('table');
  const refTable = c.name();
  if (c.acceptPunct('.')) return { refTable, refColumns: [c.name()] };
  if (c.isPunct(0, '(')) return { refTable, refColumns: c.nameList() };
  if (count > 1) {
    throw new MigError(`name the ${count} columns the foreign key references, as in "references ${refTable}(a, b)"`, {
      code: 'BAD_DESCRIPTION',
    });
  }
  return { refTable, refColumns: ['id'] };
}

/** A name written before the columns: `add foreign key fk_posts_user from posts.user_id ...`. */
function leadingName(c: Cursor): string | undefined {
  return c.isName(0) && c.isWord(1, 'from', 'on') ? c.name() : undefined;
}

function tail(c: Cursor): { onDelete?: ReferentialAction; name?: string } {
  const out: { onDelete?: ReferentialAction; name?: string } = {};
  for (;;) {
    if (c.accept('on', 'delete')) out.onDelete = referentialAction(c);
    else if (c.isWord(0, 'named', 'called')) out.name = namedClause(c);
    else return out;
  }
}

export const addForeignKey: Phrase = {
  id: 'add-foreign-key',
  examples: [
    'add foreign key posts.user_id references users.id',
    'add foreign key from posts.user_id to users.id on delete cascade',
    'add foreign key posts(author_id) references users(id) named fk_posts_author',
  ],
  parse(c: Cursor): AddForeignKey[] {
    c.expectAny('add', 'create');
    c.expect('foreign', 'key');
    const leading = leadingName(c);
    c.acceptAny('from', 'on');
    const { table, columns } = tableColumns(c);
    c.expectAny('references', 'to');
    const { refTable, refColumns } = referenced(c, columns.length);
    const { onDelete, name } = tail(c);
    c.end();
    if (refColumns.length !== columns.length) {
      throw new MigError(
        `the foreign key has ${columns.length} column(s) but references ${refColumns.length}; list as many referenced columns as columns`,
        { code: 'BAD_DESCRIPTION' },
      );
    }
    const op: AddForeignKey = {
      kind: 'addForeignKey',
      table,
      columns,
      refTable,
      refColumns,
      name: name ?? leading ?? foreignKeyName(table, columns, refTable),
    };
    if (onDelete) op.onDelete = onDelete;
    return [op];
  },
};

function dropByColumns(c: Cursor): DropForeignKey[] {
  const { table, columns } = tableColumns(c);
  if (!c.acceptAny('references', 'to')) {
    c.end();
    throw new MigError(
      `the name of the foreign key on ${table}(${columns.join(', ')}) depends on the table it references; write "remove foreign key on ${table}.${columns.join('_')} references <table>" or "drop foreign key <name> from ${table}"`,
      { code: 'BAD_DESCRIPTION' },
    );
  }
  c.accept('table');
  const refTable = c.name();
  if (c.acceptPunct('.')) c.name();
  else if (c.isPunct(0, '(')) c.nameList();
  c.end();
  return [{ kind: 'dropForeignKey', table, name: foreignKeyName(table, columns, refTable) }];
}

export const dropForeignKey: Phrase = {
  id: 'drop-foreign-key',
  examples: ['drop foreign key fk_posts_user from posts', 'remove foreign key on posts.user_id references users'],
  parse(c: Cursor): DropForeignKey[] {
    c.expectAny('drop', 'remove', 'delete');
    c.expect('foreign', 'key');
    if (c.acceptAny('on', 'from') || c.isPunct(1, '.') || c.isPunct(1, '(')) return dropByColumns(c);
    const name = c.name();
    if (c.atEnd()) {
      throw new MigError(`say which table foreign key ${name} is on: "drop foreign key ${name} from <table>"`, {
        code: 'BAD_DESCRIPTION',
      });
    }
    const table = tableAfter(c, 'from', 'on', 'in');
    c.end();
    return [{ kind: 'dropForeignKey', table, name }];
  },
};
