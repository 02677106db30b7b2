import type { DialectName } from '../dialects/dialect';

export type DriverName = 'pg' | 'pglite' | 'mysql' | 'sqlite';

/**
 * A live database connection, the same shape for every driver. `query` returns rows as plain
 * objects; `exec` runs one statement; `execScript` runs several separated by semicolons.
 */
export interface Connection {
  readonly dialect: DialectName;
  readonly driver: DriverName;
  /** The URL with any password replaced by `***`. */
  readonly displayUrl: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  /** Run one statement and return the number of rows it affected (batched backfills need it). */
  execCount?(sql: string): Promise<number>;
  /** Run a script of several statements separated by semicolons (a migration file). */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A URL with its password replaced by `***`, safe to print. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}
