import { Client } from 'pg';
import { type Connection, redactUrl } from '../../db/connection';

/**
 * Connect to a PostgreSQL server with node-postgres. `exec` sends the statement without parameters,
 * which node-postgres runs over the simple query protocol, so SET, DO blocks and DDL all work.
 */
export async function openPg(url: string): Promise<Connection> {
  const client = new Client({ connectionString: url });
  // A dropped connection is reported by the next query; without a listener it would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  return {
    dialect: 'postgres',
    driver: 'pg',
    displayUrl: redactUrl(url),
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await client.query(sql, params);
      return result.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async execCount(sql: string): Promise<number> {
      return (await client.query(sql)).rowCount ?? 0;
    },
    async execScript(sql: string): Promise<void> {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

type PgliteModule = typeof import('@electric-sql/pglite');

/** PGlite is large: load it on first use, so nothing else pays for it. */
function loadPglite(): PgliteModule {
  return require('@electric-sql/pglite') as PgliteModule;
}

/** Open an embedded PGlite database: in memory, or persisted in `dataDir`. */
export async function openPglite(dataDir?: string): Promise<Connection> {
  const { PGlite } = loadPglite();
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return {
    dialect: 'postgres',
    driver: 'pglite',
    displayUrl: `pglite:${dataDir ?? 'memory'}`,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const result = await db.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async execCount(sql: string): Promise<number> {
      return (await db.query(sql)).affectedRows ?? 0;
    },
    async execScript(sql: string): Promise<void> {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}
