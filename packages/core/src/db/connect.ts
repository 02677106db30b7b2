import type { DialectName } from '../dialects/dialect';
import { MigError } from '../errors';
import { type Connection, redactUrl } from './connection';

export interface ConnectOptions {
  /** refuse writes for the whole session (introspection, pre-flight checks) */
  readOnly?: boolean;
}

interface UrlKind {
  dialect: DialectName;
  open(url: string): Promise<Connection>;
}

/** Drivers load lazily, so `mig plan` without a database never pays for them. */
function kindOf(url: string): UrlKind {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return {
        dialect: 'postgres',
        open: (u) => (require('../dialects/postgres/driver') as typeof import('../dialects/postgres/driver')).openPg(u),
      };
    case 'pglite':
      return {
        dialect: 'postgres',
        open: (u) => {
          const dir = u.slice('pglite:'.length).replace(/^\/\//, '');
          const { openPglite } = require('../dialects/postgres/driver') as typeof import('../dialects/postgres/driver');
          return openPglite(dir === '' || dir === 'memory' ? undefined : dir);
        },
      };
    case 'mysql':
    case 'mariadb':
      return {
        dialect: 'mysql',
        open: (u) => (require('../dialects/mysql/driver') as typeof import('../dialects/mysql/driver')).openMysql(u),
      };
    case 'sqlite':
    case 'file':
      return {
        dialect: 'sqlite',
        open: (u) => {
          const path = u.replace(/^(sqlite|file):(\/\/)?/i, '');
          const { openSqlite } = require('../dialects/sqlite/driver') as typeof import('../dialects/sqlite/driver');
          return openSqlite(path === '' || path === 'memory' ? ':memory:' : path);
        },
      };
    default:
      throw new MigError(
        `cannot tell the database from "${redactUrl(url)}"; use a URL starting postgres://, mysql://, mariadb://, sqlite: or pglite:`,
        { code: 'BAD_URL' },
      );
  }
}

/** The dialect a database URL speaks. */
export function dialectOfUrl(url: string): DialectName {
  return kindOf(url).dialect;
}

const READ_ONLY: Record<DialectName, string> = {
  postgres: 'SET default_transaction_read_only = on',
  mysql: 'SET SESSION TRANSACTION READ ONLY',
  sqlite: 'PRAGMA query_only = ON',
};

/** Open a connection from a URL. Connection failures become a MigError that never shows a password. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const kind = kindOf(url);
  let db: Connection;
  try {
    db = await kind.open(url);
  } catch (e) {
    const message = String((e as Error).message ?? e).split(url).join(redactUrl(url));
    throw new MigError(`could not connect to ${redactUrl(url)}: ${message}; check the URL and that the server is up`, {
      code: 'CONNECT_FAILED',
      cause: e,
    });
  }
  if (options.readOnly) await db.exec(READ_ONLY[kind.dialect]);
  return db;
}
