import type { ExecutorContext } from '@nx/devkit';
import { runStatus } from '@mig/core';
import { type RunExecutorSchema, execute, processIo, projectRun, engineOf, runnerOptions } from '../shared';

/** `nx run api:status`: applied, pending, interrupted, drifted and missing migrations. */
export default async function statusExecutor(options: RunExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return execute(async () => {
    const run = projectRun(context);
    return runStatus(runnerOptions(options, context, run), processIo, engineOf(run, 'status'));
  });
}
