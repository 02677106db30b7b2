import { str } from '../postgres/ast';
import { blocksWrites } from '../postgres/locks';
import { alterTableOf, nodeOf, positionOf, transactionOf } from '../postgres/rule-kit';
import type { Rule } from '../types';

/**
 * VALIDATE exists to check existing rows under a weak lock; in the same transaction as a
 * statement that locked the table more strongly (the ADD … NOT VALID itself), it scans under
 * that stronger lock, held until COMMIT.
 */
export const validateInSameTransaction: Rule = {
  id: 'validate-in-same-transaction',
  code: 'MIG-PG112',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'VALIDATE CONSTRAINT in the same transaction as a stronger lock on the table',
  fix: 'COMMIT after the ADD … NOT VALID and run VALIDATE CONSTRAINT in a transaction of its own.',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    const validate = alter?.cmds.find((c) => c.subtype === 'AT_ValidateConstraint');
    if (!alter || !validate) return [];
    const position = positionOf(ctx);
    const group = transactionOf(ctx);
    const earlier = group.find(
      (s) => s.position < position && s.statement.locks.some((l) => l.table === alter.table && blocksWrites(l.mode)),
    );
    if (!earlier) return [];
    const mode = earlier.statement.locks.find((l) => l.table === alter.table)?.mode;
    const explicit = group[0] && nodeOf(group[0].statement, 'TransactionStmt');
    return [
      {
        message:
          `VALIDATE CONSTRAINT ${str(validate.fields['name'])} runs in the same transaction as statement ${earlier.statement.index + 1}, ` +
          `which holds ${mode} on ${alter.table} until COMMIT: the validation scan runs under that lock, not SHARE UPDATE EXCLUSIVE`,
        ...(explicit
          ? { fix: `Commit the lock first and validate in a transaction of its own:\nCOMMIT;\nBEGIN;\n${ctx.statement.sql};` }
          : {}),
      },
    ];
  },
};
