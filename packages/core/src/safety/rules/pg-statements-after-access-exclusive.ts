import { eachBefore, existingLocksAt, label, memo, nodeType, positionOf } from '../postgres/rule-kit';
import type { Rule, RuleContext, StatementFacts } from '../types';

const CONTROL = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt']);

interface Held {
  table: string;
  by: StatementFacts;
}

/**
 * ACCESS EXCLUSIVE is held until COMMIT: any slow statement after it in the same transaction, or
 * one that waits for a lock on another table, keeps every query on the locked table waiting.
 * Reported once per transaction, at the first such statement.
 */
export const statementsAfterAccessExclusive: Rule = {
  id: 'statements-after-access-exclusive',
  code: 'MIG-PG122',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'slow statements, or locks on other tables, after ACCESS EXCLUSIVE in the same transaction',
  fix:
    'Put the statement taking ACCESS EXCLUSIVE last in its transaction, or in a transaction of its own, so the lock is ' +
    'released as soon as its own (instant) work is done.',
  check(ctx) {
    const firsts = memoFirsts(ctx);
    const hit = firsts.get(positionOf(ctx));
    if (!hit) return [];
    return [
      {
        message:
          `${label(ctx.statement)} runs after statement ${hit.by.index + 1} took ACCESS EXCLUSIVE on ${hit.table} in the same transaction: ` +
          `every query on ${hit.table} keeps waiting until COMMIT, for this statement's work too`,
      },
    ];
  },
};

function memoFirsts(ctx: RuleContext): Map<number, Held> {
  const all = eachBefore(ctx, 'statements-after-access-exclusive', (s, state) => ({
    s,
    existing: existingLocksAt(s, state.knowledge),
  }));
  return memo(ctx, 'statements-after-access-exclusive/firsts', () => firstPerTransaction(all));
}

/** For each transaction, the position of its first statement that extends an ACCESS EXCLUSIVE lock. */
function firstPerTransaction(list: { s: StatementFacts; existing: StatementFacts['locks'] }[]): Map<number, Held> {
  const out = new Map<number, Held>();
  const held = new Map<number, Held[]>();
  const done = new Set<number>();
  list.forEach(({ s, existing }, position) => {
    const tx = s.transaction;
    if (tx === undefined) return;
    const locked = held.get(tx) ?? [];
    const type = nodeType(s) ?? s.kind;
    if (locked.length && !done.has(tx) && !CONTROL.has(type)) {
      const slow = s.rewrite || s.scan;
      const elsewhere = existing.some((l) => !locked.some((h) => h.table === l.table));
      if (slow || elsewhere) {
        out.set(position, locked[0] as Held);
        done.add(tx);
      }
    }
    for (const l of existing) if (l.mode === 'ACCESS EXCLUSIVE') locked.push({ table: l.table, by: s });
    held.set(tx, locked);
  });
  return out;
}
