import type { Rule } from '../types';
import type { ClauseVerdict } from '../mysql/online-ddl';
import type { AlterClause } from '../mysql/read-ddl';
import { type AlterDetail, alterDetail, alterSql, quoteIdent } from '../mysql/rule-support';

type AddColumn = AlterClause & { type: 'addColumn' };

/** SQL that makes the ADD COLUMN INSTANT, where a rewrite of the statement can. */
function instantSql(d: AlterDetail, v: ClauseVerdict): string | undefined {
  const clause = v.clause as AddColumn;
  const column = clause.column;
  const others = d.alter.clauses.filter((c) => c !== clause).map((c) => c.text);
  if (v.instantWith === 'run it as a statement of its own') {
    return [alterSql(d.alter, [`ADD COLUMN ${column.text}`], 'ALGORITHM=INSTANT'), alterSql(d.alter, others)].join(';\n');
  }
  if (clause.position && v.instantWith?.startsWith('drop ')) {
    return alterSql(d.alter, [`ADD COLUMN ${column.text}`, ...others], others.length ? undefined : 'ALGORITHM=INSTANT');
  }
  if (column.default?.perRow && !column.autoIncrement && !column.generated && !column.unique && !column.primaryKey) {
    const name = quoteIdent(column.name);
    const value = column.default.text;
    return [
      alterSql(d.alter, [`ADD COLUMN ${name} ${column.type.text} NULL`], 'ALGORITHM=INSTANT'),
      `-- repeat until it changes no rows:\nUPDATE ${d.alter.tableText} SET ${name} = ${value} WHERE ${name} IS NULL LIMIT 1000`,
      alterSql(d.alter, [`ALTER COLUMN ${name} SET DEFAULT ${value.startsWith('(') ? value : `(${value})`}`]),
    ].join(';\n');
  }
  return undefined;
}

/**
 * ADD COLUMN is INSTANT (metadata only) from MySQL 8.0.12 / MariaDB 10.3.2 as the last column, and
 * anywhere from MySQL 8.0.29 / MariaDB 10.4; otherwise, or when the column needs every row written,
 * the table is rebuilt or copied.
 */
export const mysqlAddColumnNotInstant: Rule = {
  id: 'mysql-add-column-not-instant',
  code: 'MIG-MY102',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'ADD COLUMN that the server version cannot do INSTANT',
  fix: 'write the column so it can be added INSTANT (last position, no per-row default, no index in the same statement), and add ALGORITHM=INSTANT so the server refuses rather than rebuilds',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d || d.verdict.refusal || d.natural.algorithm === 'INSTANT') return [];
    return d.natural.verdicts
      .filter((v) => v.clause.type === 'addColumn' && v.algorithm !== 'INSTANT')
      .map((v) => {
        const sql = instantSql(d, v);
        const fix = sql ?? (v.instantWith ? `${v.instantWith}` : undefined);
        const how = v.algorithm === 'COPY' ? 'copies the table' : `rebuilds the table (${v.algorithm}, LOCK=${v.lock})`;
        return { message: `${v.what} is not INSTANT on ${d.server.label} and ${how}: ${v.why}`, ...(fix ? { fix } : {}) };
      });
  },
};
