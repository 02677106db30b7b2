import { as, list, names } from '../postgres/ast';
import { isNewTable, nodeOf } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** DROP TABLE loses the data and breaks every deployed query on the table. */
export const dropTable: Rule = {
  id: 'drop-table',
  code: 'MIG-PG115',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'DROP TABLE loses its data and breaks deployed code that still uses the table',
  fix:
    'First deploy code that no longer uses the table, keep a backup (or rename it aside and drop it a release later), ' +
    'then drop it in a later migration.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'DropStmt');
    if (f?.['removeType'] !== 'OBJECT_TABLE') return [];
    const tables = list(f['objects'])
      .map((o) => names(as(o, 'List')?.['items'] ?? [o]).pop() ?? '')
      .filter((t) => !isNewTable(ctx, t));
    if (!tables.length) return [];
    const them = tables.length > 1 ? 'them' : 'it';
    const cascade = f['behavior'] === 'DROP_CASCADE' ? `, and CASCADE also drops the foreign keys and views that depend on ${them}` : '';
    return [
      {
        message:
          `DROP TABLE ${tables.join(', ')} deletes ${tables.length > 1 ? 'the tables and their' : 'the table and its'} data for good; ` +
          `application code still deployed that uses ${them} fails until it is updated${cascade}`,
      },
    ];
  },
};
