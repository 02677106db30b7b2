import { blocksWrites } from '../postgres/locks';
import { sqlFix } from '../postgres/fix';
import { eachBefore, existingLocksAt, label, positionOf } from '../postgres/rule-kit';
import { timeoutIsSet } from '../postgres/session';
import type { Rule } from '../types';

/**
 * A statement that needs a lock blocking writes (SHARE or stronger) queues behind every running
 * query on the table; while it waits, every later query on the table queues behind it. Without
 * `lock_timeout` that wait has no end. Reported once, at the first such statement.
 */
export const missingLockTimeout: Rule = {
  id: 'missing-lock-timeout',
  code: 'MIG-PG120',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'a statement taking SHARE or a stronger lock on an existing table with no lock_timeout set',
  fix: "SET lock_timeout (e.g. '2s') before it, and retry the migration when it times out.",
  check(ctx) {
    const unguarded = eachBefore(ctx, 'missing-lock-timeout', (s, state) => {
      if (timeoutIsSet(state.setting('lock_timeout'))) return undefined;
      return existingLocksAt(s, state.knowledge).find((l) => blocksWrites(l.mode));
    });
    const first = unguarded.findIndex((l) => l !== undefined);
    const lock = unguarded[first];
    if (first !== positionOf(ctx) || !lock) return [];
    const others = unguarded.filter((l) => l !== undefined).length - 1;
    return [
      {
        message:
          `${label(ctx.statement)} takes ${lock.mode} on ${lock.table} with no lock_timeout set: while it waits for running queries on ${lock.table}, ` +
          `every new query on ${lock.table} queues behind it` +
          (others ? ` (${others} later statement${others === 1 ? '' : 's'} likewise)` : ''),
        fix: sqlFix('Give up quickly instead of queueing (and retry the migration)', `SET lock_timeout = '2s';\n${ctx.statement.sql};`),
      },
    ];
  },
};
