import type { Rule } from '../types';
import { alterDetail, guardedSql, quoteIdent } from '../mysql/rule-support';

/**
 * Making a column NOT NULL or nullable changes the record format: InnoDB rebuilds the table in
 * place (MySQL 8.0 manual, "Making a column NULL / NOT NULL": in place, rebuilds; MariaDB: observed).
 * Writes go on, but every row is read and rewritten, and NOT NULL fails on the first NULL.
 */
export const mysqlNotNullChange: Rule = {
  id: 'mysql-not-null-change',
  code: 'MIG-MY107',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'NOT NULL added or dropped: the table is rebuilt',
  fix: 'run it with ALGORITHM=INPLACE, LOCK=NONE so the server refuses instead of blocking writes; on a large table use gh-ost or pt-online-schema-change',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d) return [];
    return d.natural.verdicts.flatMap((v) => {
      const change = v.columnChange;
      if (!change?.nullability) return [];
      const column = `${change.table}.${change.column}`;
      const name = quoteIdent(change.column);
      const guard = d.natural.algorithm === 'COPY' ? '' : `run it as ${guardedSql(d)} so the server refuses rather than blocks writes; `;
      if (change.nullability === 'set') {
        return [
          {
            message: `making ${column} NOT NULL rebuilds ${d.alter.table}: every row is read and rewritten, and the statement fails on the first row holding NULL`,
            fix: `backfill first, in batches (UPDATE ${d.alter.tableText} SET ${name} = <value> WHERE ${name} IS NULL LIMIT 1000, repeated until no row changes), and check none remain (SELECT COUNT(*) FROM ${d.alter.tableText} WHERE ${name} IS NULL); then ${guard}on a large table use gh-ost or pt-online-schema-change`,
          },
        ];
      }
      return [
        {
          message: `making ${column} nullable rebuilds ${d.alter.table}: every row is read and rewritten`,
          fix: `${guard}on a large table use gh-ost or pt-online-schema-change`,
        },
      ];
    });
  },
};
