import { blocksWrites } from '../postgres/locks';
import { sqlFix } from '../postgres/fix';
import { eachBefore, existingLocksAt, label, positionOf } from '../postgres/rule-kit';
import { timeoutIsSet } from '../postgres/session';
import type { Rule } from '../types';

/**
 * A rewrite or full scan under a lock that blocks writes lasts as long as the table is big;
 * without `statement_timeout` nothing bounds how long writes stay blocked. Reported once.
 */
export const missingStatementTimeout: Rule = {
  id: 'missing-statement-timeout',
  code: 'MIG-PG121',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'a rewrite or full scan under a write-blocking lock with no statement_timeout set',
  fix: 'SET statement_timeout to the longest the table may stay blocked, before the statement.',
  check(ctx) {
    const unbounded = eachBefore(ctx, 'missing-statement-timeout', (s, state) => {
      if (!(s.rewrite || s.scan) || timeoutIsSet(state.setting('statement_timeout'))) return undefined;
      return existingLocksAt(s, state.knowledge).find((l) => blocksWrites(l.mode));
    });
    const first = unbounded.findIndex((l) => l !== undefined);
    const lock = unbounded[first];
    if (first !== positionOf(ctx) || !lock) return [];
    const work = ctx.statement.rewrite ? 'rewrites' : 'reads every row of';
    return [
      {
        message:
          `${label(ctx.statement)} ${work} ${ctx.statement.tables[0] ?? lock.table} while holding ${lock.mode} on ${lock.table}, with no statement_timeout set: ` +
          `nothing bounds how long writes to ${lock.table} stay blocked`,
        fix: sqlFix('Bound the time the lock can be held', `SET statement_timeout = '5min';\n${ctx.statement.sql};`),
      },
    ];
  },
};
