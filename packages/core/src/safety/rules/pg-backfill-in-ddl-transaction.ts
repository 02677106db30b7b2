import { blocksWrites } from '../postgres/locks';
import { eachBefore, existingLocksAt, isNewTable, nodeOf, positionOf, relName, transactionOf } from '../postgres/rule-kit';
import type { Rule } from '../types';

/**
 * A backfill in the same transaction as DDL: row locks on every updated row and the DDL's table
 * lock are all held until COMMIT, so the table stays blocked for the whole backfill.
 */
export const backfillInDdlTransaction: Rule = {
  id: 'backfill-in-ddl-transaction',
  code: 'MIG-PG123',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'a backfill UPDATE in the same transaction as DDL',
  fix: 'Commit the DDL first, then backfill in batches, each batch in its own short transaction.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'UpdateStmt');
    const table = relName(f?.['relation']);
    if (!f || !table || isNewTable(ctx, table)) return [];
    const ddl = eachBefore(ctx, 'backfill-in-ddl-transaction', (s, state) =>
      nodeOf(s, 'UpdateStmt') ? undefined : existingLocksAt(s, state.knowledge).find((l) => blocksWrites(l.mode)),
    );
    const position = positionOf(ctx);
    const other = transactionOf(ctx).find((s) => s.position !== position && ddl[s.position]);
    const lock = other && ddl[other.position];
    if (!other || !lock) return [];
    return [
      {
        message:
          `UPDATE ${table} runs in the same transaction as statement ${other.statement.index + 1}, which holds ${lock.mode} on ` +
          `${lock.table} until COMMIT: ${lock.table} stays blocked for the whole backfill, and every updated row stays locked`,
      },
    ];
  },
};
