import type { ExecutorContext } from '@nx/devkit';
import { runRollback } from '@mig/core';
import { type RunExecutorSchema, execute, processIo, projectRun, engineOf, runnerOptions } from '../shared';

export interface RollbackExecutorSchema extends RunExecutorSchema {
  step?: number;
  to?: string;
  all?: boolean;
}

/** `nx run api:rollback [--step N | --to NAME | --all]`: revert applied migrations, newest first. */
export default async function rollbackExecutor(options: RollbackExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return execute(async () => {
    const run = projectRun(context);
    return runRollback(
      {
        ...runnerOptions(options, context, run),
        ...(options.step !== undefined ? { step: String(options.step) } : {}),
        ...(options.to ? { to: options.to } : {}),
        ...(options.all ? { all: true } : {}),
      },
      processIo,
      engineOf(run, 'rollback'),
    );
  });
}
