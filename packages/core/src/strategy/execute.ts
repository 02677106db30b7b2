/**
 * Running phases: each phase's statements as db/execute.ts runs them (consecutive transactional
 * statements share a transaction), and a phase that failed on a lock timeout or a deadlock run
 * again after a pause, as its retry policy allows.
 */
import type { Connection } from '../db/connection';
import { type ExecuteOptions, executeStatements } from '../db/execute';
import type { Dialect } from '../dialects/dialect';
import type { PhaseSpec } from './types';

export interface PhaseRunOptions extends ExecuteOptions {
  /** called before each phase (and each retry of it) */
  onPhase?: (phase: PhaseSpec, attempt: number) => void;
}

/** PostgreSQL lock_not_available / deadlock_detected; MySQL ER_LOCK_WAIT_TIMEOUT / ER_LOCK_DEADLOCK. */
const RETRYABLE = new Set<unknown>(['55P03', '40P01', 1205, 1213, 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK']);

function retryable(error: unknown): boolean {
  let e: unknown = error;
  while (typeof e === 'object' && e !== null) {
    const { code, errno, cause } = e as { code?: unknown; errno?: unknown; cause?: unknown };
    if (RETRYABLE.has(code) || RETRYABLE.has(errno)) return true;
    e = cause;
  }
  return false;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runPhase(db: Connection, dialect: Dialect, phase: PhaseSpec, direction: 'up' | 'down', options: PhaseRunOptions): Promise<void> {
  const attempts = direction === 'up' && phase.retry ? phase.retry.attempts : 1;
  for (let attempt = 1; ; attempt++) {
    options.onPhase?.(phase, attempt);
    try {
      await executeStatements(db, dialect, phase[direction], options);
      return;
    } catch (e) {
      if (attempt >= attempts || !retryable(e)) throw e;
      await sleep((phase.retry?.backoffMs ?? 0) * 2 ** (attempt - 1));
    }
  }
}

/** Run the phases' ups in order, or their downs in reverse order. */
export async function executePhases(
  db: Connection,
  dialect: Dialect,
  phases: PhaseSpec[],
  direction: 'up' | 'down',
  options: PhaseRunOptions = {},
): Promise<void> {
  const ordered = direction === 'up' ? phases : [...phases].reverse();
  for (const phase of ordered) await runPhase(db, dialect, phase, direction, options);
}
