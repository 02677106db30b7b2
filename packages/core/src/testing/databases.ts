/**
 * The test database matrix. Every spec that touches a database takes its targets from here, so one
 * environment variable narrows the whole suite:
 *
 *   MIG_TEST_DIALECTS=postgres,mysql,sqlite,pglite   (the default: all four)
 *
 * Each target opens a fresh, uniquely named database (a PostgreSQL database, a MariaDB schema, an
 * in-memory SQLite file, an in-memory PGlite) and drops it on `dispose()`, so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from '../db/connection';
import type { DialectName } from '../dialects/dialect';
import { openPg, openPglite } from '../dialects/postgres/driver';
import { openMysql } from '../dialects/mysql/driver';
import { openSqlite } from '../dialects/sqlite/driver';

export type TargetName = 'postgres' | 'mysql' | 'sqlite' | 'pglite';

export const ALL_TARGETS: readonly TargetName[] = ['postgres', 'mysql', 'sqlite', 'pglite'];

export const PG_ADMIN_URL = process.env['MIG_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_ADMIN_URL = process.env['MIG_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  target: TargetName;
  dialect: DialectName;
  /** the URL of the fresh database (for the CLI); `undefined` for in-memory PGlite */
  url?: string;
  db: Connection;
  dispose(): Promise<void>;
}

/** The targets selected by MIG_TEST_DIALECTS (comma-separated), in matrix order. */
export function selectedTargets(): TargetName[] {
  const raw = process.env['MIG_TEST_DIALECTS'];
  if (!raw) return [...ALL_TARGETS];
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) {
    if (!(ALL_TARGETS as readonly string[]).includes(w)) {
      throw new Error(`MIG_TEST_DIALECTS names unknown target "${w}"; targets are: ${ALL_TARGETS.join(', ')}`);
    }
  }
  return ALL_TARGETS.filter((t) => wanted.includes(t));
}

export const DIALECT_OF: Record<TargetName, DialectName> = {
  postgres: 'postgres',
  pglite: 'postgres',
  mysql: 'mysql',
  sqlite: 'sqlite',
};

let sharedPglite: Promise<Connection> | undefined;

// Close the embedded instance when the test file is done, so the worker can exit.
declare const afterAll: ((fn: () => Promise<void>) => void) | undefined;
if (typeof afterAll === 'function') {
  afterAll(async () => {
    const shared = sharedPglite;
    sharedPglite = undefined;
    if (shared) await (await shared).close();
  });
}

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Open a fresh database on one target. Call `dispose()` when done (it drops the database). */
export async function openTestDatabase(target: TargetName): Promise<TestDatabase> {
  switch (target) {
    case 'postgres': {
      const name = uniqueName('mig_test');
      const admin = await openPg(PG_ADMIN_URL);
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = withDatabase(PG_ADMIN_URL, name);
      const db = await openPg(url);
      return {
        target,
        dialect: 'postgres',
        url,
        db,
        async dispose() {
          await db.close();
          await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.close();
        },
      };
    }
    case 'mysql': {
      const name = uniqueName('mig_test');
      const admin = await openMysql(MYSQL_ADMIN_URL);
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = withDatabase(MYSQL_ADMIN_URL, name);
      const db = await openMysql(url);
      return {
        target,
        dialect: 'mysql',
        url,
        db,
        async dispose() {
          await db.close();
          await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
          await admin.close();
        },
      };
    }
    case 'sqlite': {
      const db = await openSqlite(':memory:');
      return { target, dialect: 'sqlite', db, dispose: () => db.close() };
    }
    case 'pglite': {
      // One embedded instance per test process (starting one costs seconds and ~0.8 GB); each
      // test database is a schema of its own, made current with search_path.
      sharedPglite ??= openPglite();
      const base = await sharedPglite;
      const name = uniqueName('mig_test');
      await base.exec(`CREATE SCHEMA ${name}`);
      await base.exec(`SET search_path TO ${name}`);
      const db: Connection = {
        dialect: base.dialect,
        driver: base.driver,
        displayUrl: base.displayUrl,
        query: (sql, params) => base.query(sql, params),
        exec: (sql) => base.exec(sql),
        ...(base.execCount ? { execCount: base.execCount.bind(base) } : {}),
        execScript: (sql) => base.execScript(sql),
        close: async () => undefined,
      };
      return {
        target,
        dialect: 'postgres',
        db,
        async dispose() {
          await base.exec(`SET search_path TO public`);
          await base.exec(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
        },
      };
    }
  }
}

/**
 * `describe.each` over the selected targets among `only` (all when omitted). When MIG_TEST_DIALECTS
 * selects none of them the block is reported as skipped, not dropped.
 */
export function describeTargets(
  only?: readonly TargetName[],
): (name: string, fn: (target: TargetName) => void) => void {
  const list = selectedTargets().filter((t) => !only || only.includes(t));
  return (name, fn) =>
    list.length ? describe.each(list)(name, fn) : describe.skip.each([...(only ?? ALL_TARGETS)])(name, fn);
}
