import { as, bool } from '../postgres/ast';
import { notValidSql, sqlFix } from '../postgres/fix';
import { alterTableOf, isNewTable } from '../postgres/rule-kit';
import { defaultConstraintName, knownConstraint } from '../postgres/state';
import type { Rule, RuleHit } from '../types';

/** ADD CHECK without NOT VALID checks every row while holding ACCESS EXCLUSIVE. */
export const addCheckWithoutNotValid: Rule = {
  id: 'add-check-without-not-valid',
  code: 'MIG-PG110',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'ADD CONSTRAINT … CHECK without NOT VALID scans the table under ACCESS EXCLUSIVE',
  fix: 'Add it NOT VALID (instant), then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE only).',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_AddConstraint')) {
      const con = as(cmd.fields['def'], 'Constraint');
      if (!con || con['contype'] !== 'CONSTR_CHECK' || bool(con['skip_validation'])) continue;
      const name = knownConstraint(alter.table, con)?.name ?? defaultConstraintName(alter.table, 'check', []);
      const safe = notValidSql(ctx.statement.sql, cmd.position, name);
      hits.push({
        message: `ADD CONSTRAINT ${name} CHECK reads every row of ${alter.table} under ACCESS EXCLUSIVE to verify it; reads and writes wait throughout`,
        ...(safe
          ? {
              fix: sqlFix(
                'Add it NOT VALID (new rows are checked at once), then validate existing rows in a separate transaction',
                `${safe.add};\n${safe.validate};`,
              ),
            }
          : {}),
      });
    }
    return hits;
  },
};
