import { as } from '../postgres/ast';
import { columnDefinition } from '../postgres/alter-table';
import { StatementText, addColumnPieces, addColumnSql, relationSql, sqlFix } from '../postgres/fix';
import { alterTableOf, isNewTable } from '../postgres/rule-kit';
import type { Rule, RuleHit } from '../types';

/** ADD COLUMN … NOT NULL with nothing to fill existing rows fails on any table that has rows. */
export const addColumnNotNullWithoutDefault: Rule = {
  id: 'add-column-not-null-without-default',
  code: 'MIG-PG107',
  severity: 'error',
  dialects: ['postgres'],
  summary: 'ADD COLUMN NOT NULL without a default fails on a table that has rows',
  fix: 'Add the column nullable (or with a constant default), backfill it, then enforce NOT NULL with a validated CHECK.',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    const hits: RuleHit[] = [];
    for (const cmd of alter.cmds.filter((c) => c.subtype === 'AT_AddColumn')) {
      const def = as(cmd.fields['def'], 'ColumnDef');
      const col = def && columnDefinition(def);
      if (!col?.notNull || col.primaryKey || col.default !== undefined || col.serial || col.identity || col.storedGenerated) {
        continue;
      }
      const text = alter.cmds.length === 1 ? StatementText.of(ctx.statement.sql) : undefined;
      const pieces = text && addColumnPieces(text, 0);
      hits.push({
        message:
          `ADD COLUMN ${col.name} NOT NULL has no default, so ${alter.table} must have no rows: on a table with rows it fails ` +
          `with "column ${col.name} … contains null values" after scanning it under ACCESS EXCLUSIVE`,
        ...(pieces
          ? {
              fix: sqlFix(
                'Add it nullable, backfill it in batches, then enforce NOT NULL with CHECK … NOT VALID, VALIDATE and SET NOT NULL',
                `ALTER TABLE ${relationSql(alter.relation)} ${addColumnSql(pieces, ['CONSTR_NOTNULL'])};`,
              ),
            }
          : {}),
      });
    }
    return hits;
  },
};
