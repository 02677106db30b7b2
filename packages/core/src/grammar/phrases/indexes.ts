import { indexName } from '../../model/naming';
import type { CreateIndex, DropIndex } from '../../model/operations';
import type { Cursor } from '../cursor';
import { namedClause, tableAfter, tableColumns } from './common';
import type { Phrase } from './phrase';

/** `users.email`, `users(email, tenant_id)`, or `email, tenant_id in users`. */
function indexTarget(c: Cursor): { table: string; columns: string[] } {
  if (c.isPunct(1, '.') || c.isPunct(1, '(')) return tableColumns(c);
  const columns = c.nameList();
  return { table: tableAfter(c, 'in', 'of', 'on'), columns };
}

/** A name written before the target: `add index idx_foo on users.email`. */
function leadingName(c: Cursor): string | undefined {
  return c.isName(0) && !c.isPunct(1, '.') && !c.isPunct(1, '(') && c.isWord(1, 'on', 'to', 'for') ? c.name() : undefined;
}

export const createIndex: Phrase = {
  id: 'create-index',
  examples: [
    'add index on users.email',
    'add unique index on users(email, tenant_id) named idx_users_tenant_email',
    'add index idx_users_email on users.email',
  ],
  parse(c: Cursor): CreateIndex[] {
    c.expectAny('add', 'create');
    const unique = c.accept('unique');
    c.expect('index');
    const leading = leadingName(c);
    c.acceptAny('on', 'to', 'for');
    const { table, columns } = indexTarget(c);
    const name = namedClause(c) ?? leading ?? indexName(table, columns, unique);
    c.end();
    return [{ kind: 'createIndex', table, columns, unique, name }];
  },
};

export const dropIndex: Phrase = {
  id: 'drop-index',
  examples: ['drop index idx_users_email', 'remove index on users.email', 'drop unique index on users(email, tenant_id)'],
  parse(c: Cursor): DropIndex[] {
    c.expectAny('drop', 'remove', 'delete');
    const unique = c.accept('unique');
    c.expect('index');
    if (c.acceptAny('on', 'from', 'for') || c.isPunct(1, '.') || c.isPunct(1, '(')) {
      const { table, columns } = indexTarget(c);
      c.end();
      return [{ kind: 'dropIndex', name: indexName(table, columns, unique), table, columns }];
    }
    const name = c.name();
    const table = c.atEnd() ? undefined : tableAfter(c, 'on', 'from', 'in');
    c.end();
    return [table === undefined ? { kind: 'dropIndex', name } : { kind: 'dropIndex', name, table }];
  },
};
