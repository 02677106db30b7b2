import type { ExecutorContext } from '@nx/devkit';
import { type DialectName, runCheck } from '@mig/core';
import { join } from 'node:path';
import { execute, processIo, projectRun, requireSqlFiles } from '../shared';

export interface CheckExecutorSchema {
  dir?: string;
  dialect?: DialectName;
  framework?: string;
  failOn?: 'info' | 'warning' | 'error';
  format?: 'text' | 'github' | 'json';
  roundTrip?: boolean;
}

/**
 * `nx run api:migration-check` (and `nx affected -t migration-check` in CI): every migration of the
 * project analysed, failing on `failOn`, and each round trip proved on an embedded database.
 */
export default async function checkExecutor(options: CheckExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return execute(async () => {
    const run = projectRun(context, options.framework);
    requireSqlFiles(run);
    return runCheck(
      {
        dir: options.dir ? join(run.projectDir, options.dir) : run.migrationsDir,
        dialect: options.dialect ?? run.choice.detection?.dialect ?? 'postgres',
        ...(options.failOn ? { failOn: options.failOn } : {}),
        ...(options.format ? { format: options.format } : {}),
        ...(options.roundTrip === false ? { roundTrip: false } : {}),
        relativeTo: context.root,
      },
      processIo,
    );
  });
}
