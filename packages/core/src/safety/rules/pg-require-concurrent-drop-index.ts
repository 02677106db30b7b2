import { as, bool, list, names } from '../postgres/ast';
import { ident, sqlFix } from '../postgres/fix';
import { existingLocks, nodeOf } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the index's table. */
export const requireConcurrentDropIndex: Rule = {
  id: 'require-concurrent-drop-index',
  code: 'MIG-PG104',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'DROP INDEX without CONCURRENTLY locks the table against reads and writes',
  fix: 'Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction block).',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'DropStmt');
    if (!f || f['removeType'] !== 'OBJECT_INDEX' || bool(f['concurrent']) || ctx.target.version < 9.2) return [];
    // An index whose table this text created is dropped in an instant.
    if (ctx.statement.locks.length > 0 && existingLocks(ctx).length === 0) return [];
    const indexes = list(f['objects']).map((o) => names(as(o, 'List')?.['items'] ?? [o]));
    const tables = ctx.statement.locks.map((l) => l.table);
    const on = tables.length ? tables.join(', ') : indexes.length > 1 ? 'their tables' : 'its table';
    const ifExists = bool(f['missing_ok']) ? 'IF EXISTS ' : '';
    const cascade = f['behavior'] === 'DROP_CASCADE';
    const sql = indexes.map((parts) => `DROP INDEX CONCURRENTLY ${ifExists}${parts.map(ident).join('.')};`).join('\n');
    return [
      {
        message:
          `DROP INDEX ${indexes.map((p) => p.join('.')).join(', ')} takes ACCESS EXCLUSIVE on ${on}: ` +
          `reads and writes of ${on} wait for it, and it waits for every running query on ${on}`,
        ...(cascade
          ? {}
          : { fix: sqlFix('Drop it without blocking, one index per statement, outside a transaction block', sql) }),
      },
    ];
  },
};
