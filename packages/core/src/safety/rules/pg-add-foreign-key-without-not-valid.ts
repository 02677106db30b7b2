import { as, bool, names, str } from '../postgres/ast';
import { notValidSql, sqlFix } from '../postgres/fix';
import { alterTableOf, isNewTable, relName } from '../postgres/rule-kit';
import { defaultConstraintName } from '../postgres/state';
import type { Rule, RuleHit } from '../types';

/** ADD FOREIGN KEY without NOT VALID locks both tables against writes while it checks every row. */
export const addForeignKeyWithoutNotValid: Rule = {
  id: 'add-foreign-key-without-not-valid',
  code: 'MIG-PG111',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'ADD FOREIGN KEY without NOT VALID blocks writes to both tables while every row is checked',
  fix: 'Add it NOT VALID (instant), then VALIDATE CONSTRAINT in a separate transaction (SHARE UPDATE EXCLUSIVE, ROW SHARE on the other table).',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_AddConstraint')) {
      const con = as(cmd.fields['def'], 'Constraint');
      if (!con || con['contype'] !== 'CONSTR_FOREIGN' || bool(con['skip_validation'])) continue;
      const ref = relName(con['pktable']) ?? '?';
      const name = str(con['conname']) ?? defaultConstraintName(alter.table, 'foreign', names(con['fk_attrs']));
      const safe = notValidSql(ctx.statement.sql, cmd.position, name);
      hits.push({
        message:
          `ADD CONSTRAINT ${name} FOREIGN KEY takes SHARE ROW EXCLUSIVE on both ${alter.table} and ${ref} while it checks every row ` +
          `of ${alter.table}: writes to both tables wait throughout`,
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
