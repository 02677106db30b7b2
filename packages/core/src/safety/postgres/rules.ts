/** The PostgreSQL rules, in code order: the one list the registry takes them from. */
import { addCheckWithoutNotValid } from '../rules/pg-add-check-without-not-valid';
import { addColumnNotNullWithoutDefault } from '../rules/pg-add-column-not-null-without-default';
import { addColumnRewriteRule } from '../rules/pg-add-column-rewrite';
import { addForeignKeyWithoutNotValid } from '../rules/pg-add-foreign-key-without-not-valid';
import { addUniqueWithoutUsingIndex } from '../rules/pg-add-unique-without-using-index';
import { alterColumnTypeRewrite } from '../rules/pg-alter-column-type-rewrite';
import { backfillInDdlTransaction } from '../rules/pg-backfill-in-ddl-transaction';
import { concurrentIndexInTransaction } from '../rules/pg-concurrent-index-in-transaction';
import { couldNotAnalyse } from '../rules/pg-could-not-analyse';
import { dropColumn } from '../rules/pg-drop-column';
import { dropNotNull } from '../rules/pg-drop-not-null';
import { dropTable } from '../rules/pg-drop-table';
import { foreignKeyWithoutIndex } from '../rules/pg-foreign-key-without-index';
import { invalidIndexCleanup } from '../rules/pg-invalid-index-cleanup';
import { missingLockTimeout } from '../rules/pg-missing-lock-timeout';
import { missingStatementTimeout } from '../rules/pg-missing-statement-timeout';
import { renameColumn } from '../rules/pg-rename-column';
import { renameTable } from '../rules/pg-rename-table';
import { requireConcurrentDropIndex } from '../rules/pg-require-concurrent-drop-index';
import { requireConcurrentIndex } from '../rules/pg-require-concurrent-index';
import { requireConcurrentReindex } from '../rules/pg-require-concurrent-reindex';
import { setNotNullScan } from '../rules/pg-set-not-null-scan';
import { statementsAfterAccessExclusive } from '../rules/pg-statements-after-access-exclusive';
import { truncate } from '../rules/pg-truncate';
import { unbatchedBackfill } from '../rules/pg-unbatched-backfill';
import { validateInSameTransaction } from '../rules/pg-validate-in-same-transaction';
import type { Rule } from '../types';

export const POSTGRES_RULES: readonly Rule[] = [
  requireConcurrentIndex,
  concurrentIndexInTransaction,
  invalidIndexCleanup,
  requireConcurrentDropIndex,
  requireConcurrentReindex,
  addColumnRewriteRule,
  addColumnNotNullWithoutDefault,
  alterColumnTypeRewrite,
  setNotNullScan,
  addCheckWithoutNotValid,
  addForeignKeyWithoutNotValid,
  validateInSameTransaction,
  addUniqueWithoutUsingIndex,
  dropColumn,
  dropTable,
  truncate,
  renameColumn,
  renameTable,
  dropNotNull,
  missingLockTimeout,
  missingStatementTimeout,
  statementsAfterAccessExclusive,
  backfillInDdlTransaction,
  unbatchedBackfill,
  foreignKeyWithoutIndex,
  couldNotAnalyse,
];
