/**
 * The server a MySQL-dialect statement is judged for: MySQL or MariaDB, and its version to the
 * patch level (INSTANT ADD COLUMN arrived in MySQL 8.0.12 and MariaDB 10.3.2).
 */
import { MigError } from '../../errors';

export type MysqlFlavor = 'mysql' | 'mariadb';

export interface MysqlServer {
  flavor: MysqlFlavor;
  /** major, minor, patch; a version given without a patch counts as patch 0 (the cautious reading) */
  version: [number, number, number];
  /** as a person reads it: `MariaDB 10.11.19`, `MySQL 8.0` */
  label: string;
}

/** What mig assumes when nothing names the server: MySQL 8.0 without a patch level. */
export const DEFAULT_MYSQL_VERSION: Record<MysqlFlavor, string> = { mysql: '8.0', mariadb: '10.11' };

const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/**
 * A server from a flavour and a version: `8.0.29`, `10.11.19-MariaDB-0+deb12u1` (what
 * SELECT VERSION() returns), or a number such as 8.0. A number loses trailing zeros (10.10
 * reads as 10.1), so strings are the reliable form.
 */
export function mysqlServer(flavor: MysqlFlavor, version: string | number = DEFAULT_MYSQL_VERSION[flavor]): MysqlServer {
  const text = String(version).trim();
  const m = VERSION.exec(text);
  if (!m) {
    throw new MigError(`"${text}" is not a ${flavorName(flavor)} version; give it as major.minor[.patch], e.g. 8.0.29 or 10.11`, {
      code: 'BAD_VERSION',
    });
  }
  const parts: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return { flavor, version: parts, label: `${flavorName(flavor)} ${m[0]}` };
}

/** The flavour and version SELECT VERSION() reports (`10.11.19-MariaDB-…` is MariaDB). */
export function serverFromVersionString(text: string): MysqlServer {
  return mysqlServer(/mariadb/i.test(text) ? 'mariadb' : 'mysql', text);
}

export function flavorName(flavor: MysqlFlavor): string {
  return flavor === 'mariadb' ? 'MariaDB' : 'MySQL';
}

/** The server is `flavor` at `version` or later. */
export function isAtLeast(server: MysqlServer, flavor: MysqlFlavor, major: number, minor: number, patch = 0): boolean {
  if (server.flavor !== flavor) return false;
  const wanted = [major, minor, patch];
  for (let i = 0; i < 3; i++) {
    const have = server.version[i] as number;
    const want = wanted[i] as number;
    if (have !== want) return have > want;
  }
  return true;
}
