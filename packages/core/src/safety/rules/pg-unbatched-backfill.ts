import { StatementText, ident, sqlFix } from '../postgres/fix';
import { isBatchPredicate } from '../postgres/expressions';
import { before, isNewTable, nodeOf, relName } from '../postgres/rule-kit';
import type { Knowledge } from '../postgres/state';
import type { Rule } from '../types';

const BATCH = 10000;

function batchKeys(k: Knowledge, table: string): { keys: string[]; indexed?: string[] } {
  if (!k.table(table)) return { keys: ['id'] };
  const indexes = k.indexesOf(table);
  return {
    keys: indexes.filter((i) => i.unique && i.columns.length === 1).map((i) => i.columns[0] as string),
    indexed: indexes.flatMap((i) => i.columns[0] ?? []),
  };
}

/** The UPDATE limited to its first key range. */
function firstBatch(sql: string, key: string): string | undefined {
  const text = StatementText.of(sql);
  const where = text.keyword('WHERE');
  const returning = text.keyword('RETURNING');
  const end = returning ? returning.start : text.bytes.length;
  const range = `${ident(key)} BETWEEN 1 AND ${BATCH}`;
  if (!where) return `${text.slice(0, end).trimEnd()} WHERE ${range}${returning ? ` ${text.slice(end)}` : ''}`;
  const condition = text.slice(where.end, end).trim();
  return `${text.slice(0, where.end)} ${range} AND (${condition})${returning ? ` ${text.slice(end)}` : ''}`;
}

/** One UPDATE over a whole table locks every row it touches until COMMIT, and bloats the table at once. */
export const unbatchedBackfill: Rule = {
  id: 'unbatched-backfill',
  code: 'MIG-PG124',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'an UPDATE without a key-range (batch) condition on an existing table',
  fix: 'Update in batches of key ranges (e.g. 10 000 rows), each in its own transaction, pausing between batches.',
  check(ctx) {
    const f = nodeOf(ctx.statement, 'UpdateStmt');
    const table = relName(f?.['relation']);
    if (!f || !table || isNewTable(ctx, table)) return [];
    const { knowledge } = before(ctx);
    const keys = batchKeys(knowledge, table);
    const where = f['whereClause'];
    if (where !== undefined && isBatchPredicate(where, keys)) return [];
    const primary = knowledge.indexesOf(table).find((i) => i.name === `${table}_pkey` && i.columns.length === 1);
    const key = primary?.columns[0] ?? keys.keys[0] ?? 'id';
    const batch = firstBatch(ctx.statement.sql, key);
    const scope = where === undefined ? 'every row' : 'every matching row at once (its WHERE is not a key range)';
    return [
      {
        message: `UPDATE ${table} changes ${scope} in one transaction: each row stays locked until it commits, and the table bloats by that many row versions`,
        ...(batch
          ? {
              fix: sqlFix(
                `Update one key range at a time, committing after each and moving the range on by ${BATCH} until past the largest ${key}` +
                  (knowledge.table(table) ? '' : ` (assuming ${key} is the key)`),
                `${batch};`,
              ),
            }
          : {}),
      },
    ];
  },
};
