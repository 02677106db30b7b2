import { type RunnerDialect, errorCodes } from './types';

/**
 * SQLite: one writer at a time. Each migration's `BEGIN IMMEDIATE` takes the write lock, and the
 * runner re-reads the history inside it. Another run and the application hold that same lock, so
 * the wait for it is the migration's lock timeout (busy_timeout, also bounding COMMIT's wait for
 * readers), and a busy database is tried again like any lock timeout.
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
    begin: (_options, _waitMs, lockTimeoutMs) => [`PRAGMA busy_timeout = ${Math.max(0, Math.round(lockTimeoutMs))}`, 'BEGIN IMMEDIATE'],
    limits: () => ({ set: [], reset: [] }),
    alreadyDone: () => false,
    retryable: (e) => errorCodes(e).some((c) => c === 'SQLITE_BUSY' || c === 'SQLITE_LOCKED'),
  };
}
