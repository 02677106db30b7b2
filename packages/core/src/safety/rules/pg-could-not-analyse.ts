import { label } from '../postgres/rule-kit';
import type { Rule } from '../types';

/** A statement the PostgreSQL parser rejects is reported, never skipped. */
export const couldNotAnalyse: Rule = {
  id: 'could-not-analyse',
  code: 'MIG-PG126',
  severity: 'error',
  dialects: ['postgres'],
  summary: 'a statement the PostgreSQL parser cannot read',
  fix: 'Correct the statement so PostgreSQL accepts it; until then nothing is known of its locks or rewrites.',
  check(ctx) {
    const error = ctx.statement.parseError;
    if (error === undefined) return [];
    return [{ message: `could not analyse ${label(ctx.statement)}: ${error}` }];
  },
};
