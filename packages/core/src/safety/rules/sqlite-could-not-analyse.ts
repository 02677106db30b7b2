import type { Rule } from '../types';

/** A statement SQLite cannot parse, or mig cannot read, is reported, never skipped. */
export const sqliteCouldNotAnalyse: Rule = {
  id: 'sqlite-could-not-analyse',
  code: 'MIG-SL103',
  severity: 'warning',
  dialects: ['sqlite'],
  summary: 'statement mig could not read: its locks and rewrites are unknown',
  fix: 'fix the statement (SQLite itself rejects what it cannot parse), or split the text into one statement per entry',
  check(ctx) {
    const s = ctx.statement;
    if (s.parseError === undefined) return [];
    return [{ message: `could not analyse this ${s.kind} (${s.parseError}); its locks and rewrites are unknown` }];
  },
};
