import type { DialectName } from '../../dialects/dialect';
import { mysqlRunner } from './mysql';
import { postgresRunner } from './postgres';
import { sqliteRunner } from './sqlite';
import type { RunnerDialect } from './types';

/** One runner dialect per run (it remembers what it learns of the server). */
export const RUNNER_DIALECTS: Record<DialectName, (historyTable: string) => RunnerDialect> = {
  postgres: postgresRunner,
  mysql: mysqlRunner,
  sqlite: sqliteRunner,
};

export type { LockOptions, MigrationLock, RunnerDialect } from './types';
