import Database from 'better-sqlite3';
import type { Connection } from '../../db/connection';

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 1/0 as SQLite stores them. */
function bindable(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
}

/**
 * Run a better-sqlite3 call, rethrowing its error as an Error of this module's realm. The native
 * addon builds errors with the constructor registered when it was first loaded in the process; a
 * copy of this module loaded in another context (jest loads modules once per test file) would
 * otherwise receive errors that are not `instanceof Error` there.
 */
function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error) throw e;
    const { message, code } = e as { message?: unknown; code?: unknown };
    throw Object.assign(new Error(String(message ?? e), { cause: e }), code === undefined ? {} : { code });
  }
}

/**
 * Open a SQLite database file (or `':memory:'`) with better-sqlite3. Its API is synchronous; the
 * Connection wraps it in promises. Foreign keys are enforced, whatever the build's default.
 */
export async function openSqlite(path: string): Promise<Connection> {
  const db = call(() => new Database(path));
  call(() => db.pragma('foreign_keys = ON'));
  return {
    dialect: 'sqlite',
    driver: 'sqlite',
    displayUrl: `sqlite:${path}`,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      return call(() => {
        const stmt = db.prepare(sql);
        if (stmt.reader) return stmt.all(...bindable(params)) as T[];
        stmt.run(...bindable(params));
        return [];
      });
    },
    async exec(sql: string): Promise<void> {
      call(() => {
        // Reading every row of a statement that returns data makes a guard query raise on its first row.
        const stmt = db.prepare(sql);
        if (stmt.reader) stmt.all();
        else stmt.run();
      });
    },
    async execCount(sql: string): Promise<number> {
      return call(() => db.prepare(sql).run().changes);
    },
    async execScript(sql: string): Promise<void> {
      call(() => db.exec(sql));
    },
    async close(): Promise<void> {
      call(() => db.close());
    },
  };
}
