import type { Rule } from '../types';
import type { ClauseVerdict } from '../mysql/online-ddl';
import { type AlterDetail, alterDetail, alterSql, quoteIdent, verdictsWith } from '../mysql/rule-support';

/** The orphan check, then the key added with checks off, in place. */
function inPlaceSql(d: AlterDetail, v: ClauseVerdict): string | undefined {
  const clause = v.clause;
  if (clause.type !== 'addForeignKey' || !clause.columns?.length || clause.refColumns?.length !== clause.columns.length) return undefined;
  const refs = clause.refColumns;
  const child = d.alter.tableText;
  const join = clause.columns.map((c, i) => `p.${quoteIdent(refs[i] as string)} = c.${quoteIdent(c)}`).join(' AND ');
  const notNull = clause.columns.map((c) => `c.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  return [
    `-- rows the key would reject; there must be none:\nSELECT c.* FROM ${child} c LEFT JOIN ${quoteIdent(clause.refTable)} p ON ${join} WHERE ${notNull} AND p.${quoteIdent(refs[0] as string)} IS NULL LIMIT 10`,
    'SET foreign_key_checks = 0',
    alterSql(d.alter, [clause.text], 'ALGORITHM=INPLACE, LOCK=NONE'),
    'SET foreign_key_checks = 1',
  ].join(';\n');
}

/**
 * With foreign_key_checks on, ADD FOREIGN KEY copies the table to check every row against the
 * parent (MySQL 8.0 manual: INPLACE only when foreign_key_checks is disabled), blocking writes.
 */
export const mysqlAddForeignKey: Rule = {
  id: 'mysql-add-foreign-key',
  code: 'MIG-MY106',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'ADD FOREIGN KEY that copies the table (foreign_key_checks on)',
  fix:
    'check for orphan rows first, then add the key with SET foreign_key_checks = 0 and ALGORITHM=INPLACE, LOCK=NONE; gh-ost cannot migrate tables with foreign keys, pt-online-schema-change can (--alter-foreign-keys-method=auto)',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d) return [];
    return verdictsWith(d, 'foreign-key')
      .filter((v) => v.algorithm === 'COPY')
      .map((v) => {
        const fix = inPlaceSql(d, v);
        return {
          message: `${v.what}: ${v.why}; writes to ${d.alter.table} wait for the whole copy, and ${v.parent ?? 'the parent table'} is held under a metadata lock meanwhile`,
          ...(fix ? { fix } : {}),
        };
      });
  },
};
