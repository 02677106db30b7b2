import type { Connection } from '../db/connection';
import type { DialectName } from '../dialects/dialect';
import { MigError } from '../errors';
import type { AnalyzeTarget } from './types';

/** What the analyzer assumes without --db or a version option. */
export const DEFAULT_TARGETS: Record<DialectName, AnalyzeTarget> = {
  postgres: { dialect: 'postgres', version: 15 },
  mysql: { dialect: 'mysql', version: 80000, flavor: 'mysql' },
  sqlite: { dialect: 'sqlite', version: 3 },
};

/** `8.0.29` → 80029; `10.11` → 101100. */
export function mysqlVersionNumber(major: number, minor = 0, patch = 0): number {
  return major * 10000 + minor * 100 + patch;
}

/** Read a MySQL / MariaDB version: `8.0.35`, `mariadb:10.11`, `10.11.19-MariaDB-0+deb12u1`. */
export function parseMysqlVersion(text: string): AnalyzeTarget {
  const m = /^(?:(mysql|mariadb):)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/i.exec(text.trim());
  if (!m) {
    throw new MigError(`cannot read MySQL version "${text}"; write it as 8.0, 8.0.35 or mariadb:10.11`, {
      code: 'BAD_VERSION',
    });
  }
  const [, prefix, major, minor, patch, rest] = m;
  const mariadb = prefix?.toLowerCase() === 'mariadb' || /mariadb/i.test(rest ?? '') || Number(major) >= 10;
  return {
    dialect: 'mysql',
    version: mysqlVersionNumber(Number(major), Number(minor ?? 0), Number(patch ?? 0)),
    flavor: mariadb ? 'mariadb' : 'mysql',
  };
}

/** Read a PostgreSQL major version: `15`, `12.4`. */
export function parsePgVersion(text: string): AnalyzeTarget {
  const major = Number(/^\s*(\d+)/.exec(text)?.[1]);
  if (!Number.isInteger(major) || major < 9 || major > 40) {
    throw new MigError(`cannot read PostgreSQL version "${text}"; write the major version, e.g. --pg-version 15`, {
      code: 'BAD_VERSION',
    });
  }
  return { dialect: 'postgres', version: major };
}

/** The version of the server behind a connection. */
export async function detectTarget(db: Connection): Promise<AnalyzeTarget> {
  if (db.dialect === 'postgres') {
    const [row] = await db.query<{ server_version_num: string }>('SHOW server_version_num');
    return { dialect: 'postgres', version: Math.floor(Number(row!.server_version_num) / 10000) };
  }
  if (db.dialect === 'mysql') {
    const [row] = await db.query<{ v: string }>('SELECT VERSION() AS v');
    return parseMysqlVersion(row!.v);
  }
  const [row] = await db.query<{ v: string }>('SELECT sqlite_version() AS v');
  return { dialect: 'sqlite', version: Number(row!.v.split('.')[0]) };
}
