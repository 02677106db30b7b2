import type { Rule } from '../types';

/** A statement the analyzer could not read is reported, never skipped. */
export const mysqlCouldNotAnalyse: Rule = {
  id: 'mysql-could-not-analyse',
  code: 'MIG-MY110',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'statement mig could not read: its locks and table copies are unknown',
  fix: 'check it by hand on a copy of the table: run it with ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE, to see what the server allows; or split it into statements mig reads',
  check(ctx) {
    const s = ctx.statement;
    if (s.parseError === undefined) return [];
    return [{ message: `could not analyse ${s.kind ? `this ${s.kind}` : 'this statement'} (${s.parseError}); its locks and table copies are unknown` }];
  },
};
