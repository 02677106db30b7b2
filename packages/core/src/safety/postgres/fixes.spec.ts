/**
 * The SQL the rules suggest, run on the real PostgreSQL server: each fix must execute as written
 * on a schema holding rows (statement by statement, outside a transaction unless it opens one).
 */
import { describeTargets, openTestDatabase } from '../../testing/databases';
import { addCheckWithoutNotValid } from '../rules/pg-add-check-without-not-valid';
import { addColumnNotNullWithoutDefault } from '../rules/pg-add-column-not-null-without-default';
import { addColumnRewriteRule } from '../rules/pg-add-column-rewrite';
import { addForeignKeyWithoutNotValid } from '../rules/pg-add-foreign-key-without-not-valid';
import { addUniqueWithoutUsingIndex } from '../rules/pg-add-unique-without-using-index';
import { foreignKeyWithoutIndex } from '../rules/pg-foreign-key-without-index';
import { invalidIndexCleanup } from '../rules/pg-invalid-index-cleanup';
import { missingLockTimeout } from '../rules/pg-missing-lock-timeout';
import { missingStatementTimeout } from '../rules/pg-missing-statement-timeout';
import { requireConcurrentDropIndex } from '../rules/pg-require-concurrent-drop-index';
import { requireConcurrentIndex } from '../rules/pg-require-concurrent-index';
import { requireConcurrentReindex } from '../rules/pg-require-concurrent-reindex';
import { setNotNullScan } from '../rules/pg-set-not-null-scan';
import { unbatchedBackfill } from '../rules/pg-unbatched-backfill';
import { validateInSameTransaction } from '../rules/pg-validate-in-same-transaction';
import type { Rule } from '../types';
import { SHOP_SQL, WITH_SHOP } from './__fixtures__/schema';
import { loadPostgresParser } from './analyze';
import { fixedSql, lintOk } from './lint';
import { splitStatements } from './parse';

const CASES: [Rule, string][] = [
  [requireConcurrentIndex, 'CREATE INDEX idx_users_name ON users (name)'],
  [invalidIndexCleanup, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON users (name)'],
  [requireConcurrentDropIndex, 'DROP INDEX idx_users_email'],
  [requireConcurrentReindex, 'REINDEX (VERBOSE) TABLE users'],
  [addColumnRewriteRule, 'ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()'],
  [addColumnRewriteRule, 'ALTER TABLE users ADD COLUMN seq bigserial'],
  [addColumnNotNullWithoutDefault, 'ALTER TABLE users ADD COLUMN plan text NOT NULL REFERENCES plans (code)'],
  [setNotNullScan, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL'],
  [addCheckWithoutNotValid, "ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0), ALTER COLUMN bio SET DEFAULT ''"],
  [addCheckWithoutNotValid, 'ALTER TABLE users ADD CHECK (score >= 0 AND score < 100000)'],
  [addForeignKeyWithoutNotValid, 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE'],
  [
    validateInSameTransaction,
    'BEGIN;\nALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT chk_users_score;\nCOMMIT',
  ],
  [addUniqueWithoutUsingIndex, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)'],
  [missingLockTimeout, 'ALTER TABLE users ADD COLUMN note text;\nCREATE INDEX idx_users_name ON users (name)'],
  [missingStatementTimeout, 'CREATE INDEX idx_users_name ON users (name)'],
  [unbatchedBackfill, "UPDATE orders SET status = 'x' WHERE status = 'open' OR total > 10"],
  [foreignKeyWithoutIndex, 'ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID'],
];

beforeAll(loadPostgresParser);

describeTargets(['postgres'])('suggested fixes run on the real server (%s)', () => {
  it.each(CASES.map(([rule, sql]) => ({ id: rule.id, rule, sql })))('$id: $sql', async ({ rule, sql }) => {
    const fixed = fixedSql(rule, sql, WITH_SHOP);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
    const t = await openTestDatabase('postgres');
    try {
      await t.db.execScript(SHOP_SQL);
      for (const statement of splitStatements(fixed)) await t.db.exec(statement.sql);
    } finally {
      await t.dispose();
    }
  });
});
