import type { DialectName } from '../dialects/dialect';

export type ServerFlavor = 'postgres' | 'mysql' | 'mariadb' | 'sqlite';

/** The server a plan targets. A MySQL-dialect plan with no version given targets both flavors. */
export interface ServerVersion {
  /** undefined: MySQL or MariaDB, not known which */
  flavor?: ServerFlavor;
  /** [major, minor, patch] */
  version: number[];
}

/** PostgreSQL assumed when no version is given (the one mig is tested on). */
const DEFAULT_POSTGRES = [15];
/**
 * The oldest releases a MySQL-dialect plan of unknown version must run on: MySQL 8.0.29 (INSTANT
 * ADD / DROP COLUMN anywhere) and MariaDB 10.6 (the oldest maintained series).
 */
export const MYSQL_BASELINE: Record<'mysql' | 'mariadb', number[]> = { mysql: [8, 0, 29], mariadb: [10, 6] };

function numbers(text: string): number[] {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  return match ? match.slice(1).filter((p) => p !== undefined).map(Number) : [];
}

/**
 * Read a version as given: a PostgreSQL major version number, or a version string as the server
 * reports it. MariaDB reports 10.x / 11.x (or says MariaDB); MySQL 5.x, 8.x, 9.x.
 */
export function serverVersion(dialect: DialectName, version: number | string | undefined): ServerVersion {
  if (dialect === 'sqlite') return { flavor: 'sqlite', version: version === undefined ? [] : numbers(String(version)) };
  if (dialect === 'postgres') {
    const parsed = version === undefined ? [] : numbers(String(version));
    return { flavor: 'postgres', version: parsed.length ? parsed : DEFAULT_POSTGRES };
  }
  if (version === undefined) return { version: [] };
  const text = String(version);
  const parsed = numbers(text);
  const mariadb = /mariadb/i.test(text) || (parsed[0] ?? 0) >= 10;
  return { flavor: mariadb ? 'mariadb' : 'mysql', version: parsed };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** PostgreSQL of at least `major`. */
export function postgresAtLeast(server: ServerVersion, major: number): boolean {
  return server.flavor === 'postgres' && compare(server.version, [major]) >= 0;
}

/**
 * Whether a MySQL-dialect server has a feature that MySQL gained in `mysql` and MariaDB in
 * `mariadb` (undefined: never). With the flavor unknown, both baselines must have it.
 */
export function mysqlHas(server: ServerVersion, since: { mysql?: number[]; mariadb?: number[] }): boolean {
  const has = (flavor: 'mysql' | 'mariadb', version: number[]) =>
    since[flavor] !== undefined && compare(version, since[flavor]) >= 0;
  if (server.flavor === 'mysql' || server.flavor === 'mariadb') return has(server.flavor, server.version);
  return has('mysql', MYSQL_BASELINE.mysql) && has('mariadb', MYSQL_BASELINE.mariadb);
}
