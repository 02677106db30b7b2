import type { Rule } from '../types';
import type { ClauseVerdict } from '../mysql/online-ddl';
import { type AlterDetail, alterDetail, alterSql, verdictsWith } from '../mysql/rule-support';

function quoteMember(m: string): string {
  return `'${m.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The same change with the existing members kept in place and the new ones appended, when nothing is removed. */
function appendedSql(d: AlterDetail, v: ClauseVerdict): string | undefined {
  const t = v.columnChange?.type;
  const clause = v.clause;
  if (t?.kind !== 'enum-change' || clause.type !== 'modifyColumn' || t.from.some((m) => !t.to.includes(m))) return undefined;
  const members = [...t.from, ...t.to.filter((m) => !t.from.includes(m))];
  if (members.length === t.from.length || members.length > 255) return undefined;
  const type = `${clause.column.type.name}(${members.map(quoteMember).join(',')})`;
  const others = d.alter.clauses.filter((c) => c !== clause).map((c) => c.text);
  return alterSql(d.alter, [clause.text.replace(clause.column.type.text, type), ...others]);
}

/**
 * ENUM and SET store a member's position: appending members at the end keeps every stored value
 * (INSTANT), while reordering, inserting in the middle or removing members rewrites them (a copy).
 */
export const mysqlEnumChangeNotAppend: Rule = {
  id: 'mysql-enum-change-not-append',
  code: 'MIG-MY105',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'ENUM / SET change other than appending members at the end',
  fix: 'keep the existing members in their order and append new ones at the end (INSTANT); removing members copies the table and needs the rows holding them changed first',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d) return [];
    return verdictsWith(d, 'enum-change').map((v) => {
      const fix = appendedSql(d, v);
      return { message: `${v.what}: ${v.why}; writes to ${d.alter.table} wait until the copy is done`, ...(fix ? { fix } : {}) };
    });
  },
};
