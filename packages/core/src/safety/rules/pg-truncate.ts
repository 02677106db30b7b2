import { list } from '../postgres/ast';
import { isNewTable, nodeOf, relName } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** TRUNCATE deletes every row under ACCESS EXCLUSIVE, with no way back after COMMIT. */
export const truncate: Rule = {
  id: 'truncate',
  code: 'MIG-PG116',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'TRUNCATE deletes every row of the table',
  fix: 'Take a backup of the rows first, or delete only what must go (in batches); make sure no deployed code still needs them.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'TruncateStmt');
    if (!f) return [];
    const tables = list(f['relations'])
      .flatMap((r) => relName(r) ?? [])
      .filter((t) => !isNewTable(ctx, t));
    if (!tables.length) return [];
    const cascaded = ctx.statement.locks.map((l) => l.table).filter((t) => !tables.includes(t));
    return [
      {
        message:
          `TRUNCATE ${tables.join(', ')} deletes every row for good, under ACCESS EXCLUSIVE` +
          (cascaded.length ? `; CASCADE empties ${cascaded.join(', ')} too` : ''),
      },
    ];
  },
};
