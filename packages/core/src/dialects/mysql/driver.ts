import { type ExecuteValues, type ResultSetHeader, createConnection } from 'mysql2/promise';
import { type Connection, redactUrl } from '../../db/connection';
import { MigError } from '../../errors';

const SCHEMES = ['mysql:', 'mariadb:'];

/**
 * Connect to MySQL or MariaDB with mysql2. Parameters are bound by the server (prepared
 * statements), so their values never pass through client-side escaping, which would depend on
 * the session's sql_mode; statements without parameters, and every `exec`, go through the plain
 * text protocol, which runs any statement (DDL included).
 */
export async function openMysql(url: string): Promise<Connection> {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  if (!scheme || !SCHEMES.includes(scheme)) {
    throw new MigError(`"${redactUrl(url)}" is not a MySQL or MariaDB URL; write mysql://user:password@host:3306/database`, {
      code: 'BAD_URL',
    });
  }
  // multipleStatements serves execScript (migration files); mig never builds SQL by concatenating
  // unescaped input, so it opens no injection path.
  const connection = await createConnection({ uri: `mysql:${url.slice(scheme.length)}`, multipleStatements: true });
  // A dropped connection is reported by the next query; without a listener it would crash the process.
  connection.on('error', () => undefined);
  return {
    dialect: 'mysql',
    driver: 'mysql',
    displayUrl: redactUrl(url),
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const [rows] = params.length ? await connection.execute(sql, params as ExecuteValues[]) : await connection.query(sql);
      return Array.isArray(rows) ? (rows as T[]) : [];
    },
    async exec(sql: string): Promise<void> {
      await connection.query(sql);
    },
    async execCount(sql: string): Promise<number> {
      const [result] = await connection.query(sql);
      return (result as ResultSetHeader).affectedRows ?? 0;
    },
    async execScript(sql: string): Promise<void> {
      await connection.query(sql);
    },
    close: () => connection.end(),
  };
}
