import { str } from '../postgres/ast';
import { isNewTable, nodeOf, relName } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** RENAME TABLE is instant but breaks every deployed query that names the old table. */
export const renameTable: Rule = {
  id: 'rename-table',
  code: 'MIG-PG118',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'RENAME TABLE breaks deployed code that still uses the old name',
  fix:
    'Rename it and, in the same transaction, CREATE VIEW <old> AS SELECT * FROM <new> (simple views accept writes) so ' +
    'deployed code keeps working; drop the view once code using the new name is deployed.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'RenameStmt');
    const table = relName(f?.['relation']);
    if (!f || f['renameType'] !== 'OBJECT_TABLE' || !table || isNewTable(ctx, table)) return [];
    return [
      {
        message: `renaming ${table} to ${str(f['newname'])} breaks application code still deployed that uses ${table}, from the moment it commits`,
      },
    ];
  },
};
