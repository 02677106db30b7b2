import { as, list } from '../postgres/ast';
import { sqlFix, withConcurrently } from '../postgres/fix';
import { existingLocks, nodeOf } from '../postgres/rule-kit';
import type { Rule } from '../types';

const KEYWORD: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

/** REINDEX without CONCURRENTLY blocks writes (SHARE) on the table while it rebuilds. */
export const requireConcurrentReindex: Rule = {
  id: 'require-concurrent-reindex',
  code: 'MIG-PG105',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'REINDEX without CONCURRENTLY blocks writes to the table while the index is rebuilt',
  fix: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction block.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'ReindexStmt');
    const kind = String(f?.['kind']);
    const keyword = KEYWORD[kind];
    if (!f || !keyword) return [];
    if (list(f['params']).some((p) => as(p, 'DefElem')?.['defname'] === 'concurrently')) return [];
    const locks = existingLocks(ctx);
    if (ctx.statement.locks.length > 0 && locks.length === 0) return [];
    const on = locks.length ? locks.map((l) => l.table).join(', ') : 'the tables it reindexes';
    const message = `REINDEX ${keyword} rebuilds under a SHARE lock on ${on}: every INSERT, UPDATE and DELETE there waits until it finishes`;
    if (ctx.target.version < 12) {
      return [
        {
          message,
          fix:
            'REINDEX CONCURRENTLY needs PostgreSQL 12; instead build a replacement with CREATE INDEX CONCURRENTLY, ' +
            'then DROP INDEX CONCURRENTLY the old one and rename the new one.',
        },
      ];
    }
    const concurrent = withConcurrently(ctx.statement.sql, keyword);
    return [
      {
        message,
        ...(concurrent ? { fix: sqlFix('Rebuild without blocking writes, outside a transaction block', `${concurrent};`) } : {}),
      },
    ];
  },
};
