import { type ClauseVerdict, rank } from '../mysql/online-ddl';
import { alterDetail, guardedSql } from '../mysql/rule-support';
import type { Rule } from '../types';

/** ALGORITHM= / LOCK= that the operation cannot honour: the server refuses the statement. */
export const mysqlAlgorithmNotSupported: Rule = {
  id: 'mysql-algorithm-not-supported',
  code: 'MIG-MY109',
  severity: 'error',
  dialects: ['mysql'],
  summary: 'ALGORITHM= or LOCK= the operation cannot honour: the statement fails',
  fix: 'ask for what the operation supports, or split the statement so each part can run online',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d?.verdict.refusal) return [];
    const worst = d.natural.verdicts.reduce<ClauseVerdict | undefined>((w, v) => (!w || rank(v) > rank(w) ? v : w), undefined);
    const why = worst ? `: ${worst.what} needs ${d.natural.algorithm === 'INSTANT' ? 'INSTANT' : `${d.natural.algorithm} with LOCK=${d.natural.lock}`} (${worst.why})` : '';
    if (d.verdict.refusalFix) return [{ message: `${d.verdict.refusal}; the statement fails`, fix: d.verdict.refusalFix }];
    return [{ message: `${d.verdict.refusal} for this ${d.alter.kind}${why}; the statement fails`, fix: guardedSql(d) }];
  },
};
