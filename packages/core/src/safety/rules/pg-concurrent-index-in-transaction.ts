import { nodeType } from '../postgres/rule-kit';
import type { Rule } from '../types';

const WHAT: Record<string, string> = {
  IndexStmt: 'CREATE INDEX CONCURRENTLY',
  DropStmt: 'DROP INDEX CONCURRENTLY',
  ReindexStmt: 'REINDEX … CONCURRENTLY',
  AlterTableStmt: 'DETACH PARTITION … CONCURRENTLY',
  VacuumStmt: 'VACUUM',
};

/** PostgreSQL refuses CONCURRENTLY forms (and a few other statements) inside a transaction block. */
export const concurrentIndexInTransaction: Rule = {
  id: 'concurrent-index-in-transaction',
  code: 'MIG-PG102',
  severity: 'error',
  dialects: ['postgres'],
  summary: 'a CONCURRENTLY statement (or another that cannot run in a transaction block) inside a transaction',
  fix:
    'Run it outside BEGIN … COMMIT, in a migration of its own that the framework does not wrap in a transaction ' +
    '(Rails disable_ddl_transaction!, Django atomic = False, Flyway executeInTransaction=false, mig: its own phase).',
  check(ctx) {
    const s = ctx.statement;
    if (s.transactional || !s.inTransaction) return [];
    const type = nodeType(s) ?? s.kind;
    const what = WHAT[type] ?? type;
    return [
      {
        message: `${what} inside a transaction block fails: PostgreSQL refuses it ("cannot run inside a transaction block") and the migration stops there`,
      },
    ];
  },
};
