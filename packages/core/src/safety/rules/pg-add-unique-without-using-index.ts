import { as, names, str } from '../postgres/ast';
import { ident, relationSql, sqlFix } from '../postgres/fix';
import { alterTableOf, isNewTable } from '../postgres/rule-kit';
import { defaultConstraintName } from '../postgres/state';
import type { Rule, RuleHit } from '../types';

/** ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE unless it adopts one built concurrently. */
export const addUniqueWithoutUsingIndex: Rule = {
  id: 'add-unique-without-using-index',
  code: 'MIG-PG113',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE',
  fix: 'Build the unique index with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX (instant).',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_AddConstraint')) {
      const con = as(cmd.fields['def'], 'Constraint');
      const type = con?.['contype'];
      if (!con || (type !== 'CONSTR_UNIQUE' && type !== 'CONSTR_PRIMARY') || con['indexname'] !== undefined) continue;
      const primary = type === 'CONSTR_PRIMARY';
      const columns = names(con['keys']);
      const name = str(con['conname']) ?? defaultConstraintName(alter.table, primary ? 'primary' : 'unique', columns);
      const what = primary ? 'PRIMARY KEY' : 'UNIQUE';
      const table = relationSql(alter.relation);
      const index = ident(name);
      const steps = [
        `DROP INDEX CONCURRENTLY IF EXISTS ${index};`,
        `CREATE UNIQUE INDEX CONCURRENTLY ${index} ON ${table} (${columns.map(ident).join(', ')});`,
        `ALTER TABLE ${table} ADD CONSTRAINT ${index} ${what} USING INDEX ${index};`,
      ];
      hits.push({
        message:
          `ADD ${what} (${columns.join(', ')}) builds its index while holding ACCESS EXCLUSIVE on ${alter.table}: ` +
          `reads and writes wait for the whole build` +
          (primary ? '; its columns must also be NOT NULL, checked by a scan unless already so' : ''),
        fix: sqlFix(
          `Build the index concurrently (outside a transaction block), then attach it as the constraint${primary ? ' (set the columns NOT NULL first, without a scan)' : ''}`,
          steps.join('\n'),
        ),
      });
    }
    return hits;
  },
};
