import type { Rule, RuleHit } from '../types';
import type { Cause } from '../mysql/online-ddl';
import { alterDetail, guardedSql } from '../mysql/rule-support';

/** Copies that a more specific rule explains (type change, VARCHAR prefix, ENUM, foreign key, ADD COLUMN). */
const EXPLAINED_ELSEWHERE = new Set<Cause>(['type-change', 'unknown-definition', 'varchar-prefix', 'enum-change', 'foreign-key', 'add-column']);

/**
 * ALGORITHM=COPY builds a new table and fills it row by row while writes to the table wait;
 * LOCK=SHARED blocks writes and LOCK=EXCLUSIVE reads too, for the whole statement.
 */
export const mysqlAlgorithmCopy: Rule = {
  id: 'mysql-algorithm-copy',
  code: 'MIG-MY101',
  severity: 'warning',
  dialects: ['mysql'],
  summary: 'ALGORITHM=COPY, LOCK=SHARED / EXCLUSIVE, or an operation that copies the table',
  fix: 'let the server pick the online algorithm (drop ALGORITHM=COPY / LOCK=), or run the change with gh-ost or pt-online-schema-change',
  check(ctx) {
    const d = alterDetail(ctx);
    if (!d || d.verdict.refusal) return [];
    const { alter, natural } = d;
    const hits: RuleHit[] = [];
    const guarded = natural.algorithm !== 'COPY';
    if (alter.algorithm === 'COPY' && natural.algorithm !== 'COPY') {
      hits.push({
        message: `ALGORITHM=COPY copies ${alter.table} row by row while writes to it wait, though the operation can run ${natural.algorithm === 'INSTANT' ? 'INSTANT' : `${natural.algorithm} with LOCK=${natural.lock}`}`,
        fix: guardedSql(d),
      });
    }
    const lock = alter.lock;
    if ((lock === 'SHARED' || lock === 'EXCLUSIVE') && (natural.algorithm === 'INSTANT' || lock !== natural.lock)) {
      hits.push({
        message: `LOCK=${lock} blocks ${lock === 'SHARED' ? 'writes to' : 'reads and writes of'} ${alter.table} for the whole statement, more than the operation needs${natural.algorithm === 'INSTANT' ? '' : ` (LOCK=${natural.lock})`}`,
        fix: guarded ? guardedSql(d) : `drop LOCK=${lock}; the copy still blocks writes, so use gh-ost or pt-online-schema-change on a busy table`,
      });
    }
    for (const v of natural.verdicts) {
      if (v.algorithm !== 'COPY' || EXPLAINED_ELSEWHERE.has(v.cause)) continue;
      hits.push({
        message: `${v.what} copies ${alter.table}: ${v.why}; writes to it wait until the copy is done`,
        fix: 'no ALTER makes this change without a copy: on a busy table run it with gh-ost or pt-online-schema-change, which copy in small chunks while writes go on',
      });
    }
    return hits;
  },
};
