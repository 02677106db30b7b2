import { type RunnerDialect, errorCodes } from './types';

/**
 * SQLite: one writer at a time. Each migration's `BEGIN IMMEDIATE` takes the write lock (waiting
 * up to busy_timeout), and the runner re-reads the history inside it.
 */
export function sqliteRunner(): RunnerDialect {
  return {
    name: 'sqlite',
    transactionalDdl: true,
    param: () => '?',
    createHistory: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t} (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  duration_ms integer,
  applied_by text NOT NULL
)`,
    ],
    sessionLock: async () => undefined,
    begin: (_options, waitMs) => [`PRAGMA busy_timeout = ${Math.max(0, Math.round(waitMs))}`, 'BEGIN IMMEDIATE'],
    limits: () => ({ set: [], reset: [] }),
    alreadyDone: () => false,
    retryable: (e) => errorCodes(e).some((c) => c === 'SQLITE_BUSY' || c === 'SQLITE_LOCKED'),
  };
}
