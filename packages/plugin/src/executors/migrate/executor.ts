import type { ExecutorContext } from '@nx/devkit';
import { runMigrate } from '@mig/core';
import { type RunExecutorSchema, execute, processIo, projectRun, engineOf, runnerOptions } from '../shared';

export interface MigrateExecutorSchema extends RunExecutorSchema {
  to?: string;
  dryRun?: boolean;
  afterDeploy?: boolean;
}

/** `nx run api:migrate [--env staging | --configuration staging]`: apply pending migrations. */
export default async function migrateExecutor(options: MigrateExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return execute(async () => {
    const run = projectRun(context);
    return runMigrate(
      {
        ...runnerOptions(options, context, run),
        ...(options.to ? { to: options.to } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.afterDeploy ? { afterDeploy: true } : {}),
      },
      processIo,
      engineOf(run, 'migrate'),
    );
  });
}
