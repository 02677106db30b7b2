import { columnTypeChange } from '../postgres/alter-table';
import { formatPgType } from '../postgres/pg-types';
import { alterTableOf, before, isNewTable } from '../postgres/rule-kit';
import type { Rule, RuleHit } from '../types';

/**
 * ALTER COLUMN … TYPE rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE unless
 * the change is binary-coercible (varchar widening or unlimiting, varchar → text, numeric
 * precision up at the same scale, timestamp ↔ timestamptz in a UTC session, …).
 */
export const alterColumnTypeRewrite: Rule = {
  id: 'alter-column-type-rewrite',
  code: 'MIG-PG108',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'ALTER COLUMN TYPE that is not binary-coercible rewrites the table and its indexes',
  fix:
    'Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, ' +
    'switch the application to it, and drop the old column in a later migration.',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || !ctx.statement.rewrite || isNewTable(ctx, alter.table)) return [];
    const { knowledge, setting } = before(ctx);
    const timeZone = setting('timezone');
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_AlterColumnType')) {
      const change = columnTypeChange(knowledge, alter.table, cmd.fields, {
        version: ctx.target.version,
        ...(timeZone ? { timeZone } : {}),
      });
      if (!change?.rewrite) continue;
      hits.push({
        message:
          `changing ${alter.table}.${change.column} to ${formatPgType(change.to)} rewrites ${alter.table} and rebuilds its indexes ` +
          `under ACCESS EXCLUSIVE (${change.reason}); reads and writes wait throughout`,
      });
    }
    return hits;
  },
};
