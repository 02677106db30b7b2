import { bool, str } from '../postgres/ast';
import { ident, sqlFix, withConcurrently } from '../postgres/fix';
import { isNewTable, nodeOf, relName } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** CREATE INDEX without CONCURRENTLY holds SHARE on the table for the whole build. */
export const requireConcurrentIndex: Rule = {
  id: 'require-concurrent-index',
  code: 'MIG-PG101',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'CREATE INDEX without CONCURRENTLY on an existing table blocks its writes for the whole build',
  fix: 'Use CREATE INDEX CONCURRENTLY, outside a transaction block.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'IndexStmt');
    const table = relName(f?.['relation']);
    if (!f || bool(f['concurrent']) || !table || isNewTable(ctx, table)) return [];
    const name = str(f['idxname']);
    const kind = bool(f['unique']) ? 'UNIQUE INDEX' : 'INDEX';
    const concurrent = withConcurrently(ctx.statement.sql, 'INDEX');
    const cleanup = name ? `DROP INDEX CONCURRENTLY IF EXISTS ${ident(name)};\n` : '';
    return [
      {
        message:
          `CREATE ${kind} ${name ?? '(unnamed)'} ON ${table} holds a SHARE lock on ${table} for the whole build: ` +
          `every INSERT, UPDATE and DELETE on ${table} waits until it finishes`,
        ...(concurrent
          ? {
              fix: sqlFix(
                'Build it without blocking writes, outside a transaction block, dropping first any invalid index a failed build left',
                `${cleanup}${concurrent};`,
              ),
            }
          : {}),
      },
    ];
  },
};
