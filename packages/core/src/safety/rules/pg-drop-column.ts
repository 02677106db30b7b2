import { str } from '../postgres/ast';
import { alterTableOf, before, isNewTable } from '../postgres/rule-kit';
import type { Rule, RuleHit } from '../types';

/** DROP COLUMN loses the data and breaks every deployed query that names the column. */
export const dropColumn: Rule = {
  id: 'drop-column',
  code: 'MIG-PG114',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'DROP COLUMN loses its data and breaks deployed code that still uses the column',
  fix:
    'First deploy code that no longer reads or writes the column (ORM: ignore it), keep a backup of its data, ' +
    'then drop it in a later migration.',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const table = before(ctx).knowledge.table(alter.table);
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_DropColumn')) {
      const column = str(cmd.fields['name']) ?? '';
      hits.push({
        message:
          `DROP COLUMN ${alter.table}.${column} deletes its data for good, and application code still deployed that ` +
          `selects or inserts ${column} fails until it is updated` +
          (table && !table.columns.has(column) ? ` (${column} is not in the known schema)` : ''),
      });
    }
    return hits;
  },
};
