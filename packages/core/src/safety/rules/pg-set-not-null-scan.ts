import { str } from '../postgres/ast';
import { ident, relationSql, sqlFix } from '../postgres/fix';
import { alterTableOf, before, isNewTable } from '../postgres/rule-kit';
import { checkName } from '../../model/naming';
import type { Rule, RuleHit } from '../types';

/** SET NOT NULL scans the whole table under ACCESS EXCLUSIVE unless a validated CHECK proves it (PostgreSQL 12+). */
export const setNotNullScan: Rule = {
  id: 'set-not-null-scan',
  code: 'MIG-PG109',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'SET NOT NULL scans the table under ACCESS EXCLUSIVE unless a validated CHECK (c IS NOT NULL) exists',
  fix: 'Add CHECK (c IS NOT NULL) NOT VALID, VALIDATE it in a separate transaction, then SET NOT NULL (no scan from PostgreSQL 12).',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const { knowledge } = before(ctx);
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_SetNotNull')) {
      const column = str(cmd.fields['name']) ?? '';
      if (knowledge.column(alter.table, column)?.notNull) continue;
      if (ctx.target.version >= 12 && knowledge.provesNotNull(alter.table, column).proved) continue;
      const message =
        `SET NOT NULL on ${alter.table}.${column} reads every row of ${alter.table} under ACCESS EXCLUSIVE to check for NULLs; ` +
        `reads and writes wait throughout`;
      const table = relationSql(alter.relation);
      const check = ident(checkName(alter.table, `${column}_not_null`));
      const steps = [
        `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${ident(column)} IS NOT NULL) NOT VALID;`,
        `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
      ];
      if (ctx.target.version < 12) {
        hits.push({
          message,
          fix: `Before PostgreSQL 12 SET NOT NULL always scans; keep a validated CHECK instead:\n${steps.join('\n')}`,
        });
        continue;
      }
      hits.push({
        message,
        fix: sqlFix(
          'Prove it with a CHECK validated under SHARE UPDATE EXCLUSIVE (commit between the first two statements), then SET NOT NULL skips the scan',
          [...steps, `${ctx.statement.sql};`, `ALTER TABLE ${table} DROP CONSTRAINT ${check};`].join('\n'),
        ),
      });
    }
    return hits;
  },
};
