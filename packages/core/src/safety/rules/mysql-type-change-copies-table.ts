import type { Rule } from '../types';
import { alterDetail, verdictsWith } from '../mysql/rule-support';

/** Changing a column's type (other than VARCHAR widening and ENUM appends, which have rules of their own) copies the table. */
export const mysqlTypeChangeCopiesTable: Rule = {
  id: 'mysql-type-change-copies-table',
  code: 'MIG-MY103',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'column type change that copies the table',
  fix:
    'expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d) return [];
    return verdictsWith(d, 'type-change', 'unknown-definition').map((v) => ({
      message: `${v.what} copies ${d.alter.table}: ${v.why}; writes to ${d.alter.table} wait until the copy is done`,
    }));
  },
};
