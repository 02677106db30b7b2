import { as, bool, lastName, list, str } from '../postgres/ast';
import { ident, sqlFix } from '../postgres/fix';
import { isNewTable, memo, nodeOf, positionOf, relName } from '../postgres/rule-kit';
import type { Rule, RuleContext } from '../types';

/** An earlier `DROP INDEX … IF EXISTS name` in the text. */
function droppedBefore(ctx: RuleContext, name: string): boolean {
  const first = memo(ctx, 'invalid-index-cleanup/drops', () => {
    const at = new Map<string, number>();
    ctx.statements.forEach((s, position) => {
      const d = nodeOf(s, 'DropStmt');
      if (!d || d['removeType'] !== 'OBJECT_INDEX' || !bool(d['missing_ok'])) return;
      for (const o of list(d['objects'])) {
        const index = lastName(as(o, 'List')?.['items'] ?? [o]);
        if (index !== undefined && !at.has(index)) at.set(index, position);
      }
    });
    return at;
  });
  return (first.get(name) ?? Infinity) < positionOf(ctx);
}

/**
 * A failed or cancelled CREATE INDEX CONCURRENTLY leaves an INVALID index behind: it slows every
 * write and blocks the retry (`already exists`), or with IF NOT EXISTS is silently kept.
 */
export const invalidIndexCleanup: Rule = {
  id: 'invalid-index-cleanup',
  code: 'MIG-PG103',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'CREATE INDEX CONCURRENTLY without dropping the INVALID index a failed attempt leaves',
  fix: 'Name the index and run DROP INDEX CONCURRENTLY IF EXISTS <name> before building it.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'IndexStmt');
    const table = relName(f?.['relation']);
    if (!f || !bool(f['concurrent']) || !table || isNewTable(ctx, table)) return [];
    const name = str(f['idxname']);
    if (!name) {
      return [
        {
          message: `CREATE INDEX CONCURRENTLY on ${table} has no name: if the build fails, the INVALID index it leaves cannot be dropped by a name the migration knows`,
        },
      ];
    }
    if (droppedBefore(ctx, name)) return [];
    const ifNotExists = bool(f['if_not_exists'])
      ? '; with IF NOT EXISTS a retry keeps the INVALID index and reports success'
      : '; a retry then fails with "already exists"';
    return [
      {
        message: `if CREATE ${bool(f['unique']) ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${name} fails or is cancelled, it leaves an INVALID index ${name} on ${table} that slows every write${ifNotExists}`,
        fix: sqlFix(
          'Drop any INVALID leftover first, so the build can be retried',
          `DROP INDEX CONCURRENTLY IF EXISTS ${ident(name)};\n${ctx.statement.sql};`,
        ),
      },
    ];
  },
};
