import { str } from '../postgres/ast';
import { isNewTable, nodeOf, relName } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** RENAME COLUMN is instant but breaks every deployed query that names the old column. */
export const renameColumn: Rule = {
  id: 'rename-column',
  code: 'MIG-PG117',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'RENAME COLUMN breaks deployed code that still uses the old name',
  fix:
    'Expand and contract: add the new column, keep both in sync with a trigger, backfill it, deploy code that uses the new ' +
    'name, then drop the old column in a later migration.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'RenameStmt');
    const table = relName(f?.['relation']);
    if (!f || f['renameType'] !== 'OBJECT_COLUMN' || f['relationType'] !== 'OBJECT_TABLE' || !table) return [];
    if (isNewTable(ctx, table)) return [];
    const from = str(f['subname']);
    const to = str(f['newname']);
    return [
      {
        message: `renaming ${table}.${from} to ${to} breaks application code still deployed that uses ${from}, from the moment it commits`,
      },
    ];
  },
};
