import { str } from '../postgres/ast';
import { alterTableOf, isNewTable } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** DROP NOT NULL lets NULLs in that deployed code may not expect, and its undo has to scan. */
export const dropNotNull: Rule = {
  id: 'drop-not-null',
  code: 'MIG-PG119',
  severity: 'info',
  dialects: ['postgres'],
  summary: 'DROP NOT NULL lets NULLs in that deployed code may not handle',
  fix:
    'Deploy code that handles NULL in the column first; to undo later, use CHECK (c IS NOT NULL) NOT VALID and VALIDATE ' +
    'before SET NOT NULL.',
  check(ctx) {
    const alter = alterTableOf(ctx.statement);
    if (!alter || isNewTable(ctx, alter.table)) return [];
    return alter.cmds
      .filter((c) => c.subtype === 'AT_DropNotNull')
      .map((c) => {
        const column = str(c.fields['name']);
        return {
          message:
            `DROP NOT NULL on ${alter.table}.${column}: code that assumes a value breaks once NULLs are written, and ` +
            `restoring NOT NULL then needs those rows fixed and a scan`,
        };
      });
  },
};
