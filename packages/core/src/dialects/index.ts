import { MigError } from '../errors';
import type { Dialect, DialectName } from './dialect';
import { mysqlDialect } from './mysql/render';
import { postgresDialect } from './postgres/render';
import { sqliteDialect } from './sqlite/render';

/** The one list of dialects. Everything else looks a dialect up here by name. */
export const DIALECTS: readonly Dialect[] = [postgresDialect, mysqlDialect, sqliteDialect];

const ALIASES: Record<string, DialectName> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  pglite: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
};

export function getDialect(name: string): Dialect {
  const canonical = ALIASES[name.toLowerCase()];
  const dialect = DIALECTS.find((d) => d.name === canonical);
  if (!dialect) {
    throw new MigError(`unknown dialect "${name}"; use one of: ${DIALECTS.map((d) => d.name).join(', ')}`, {
      code: 'UNKNOWN_DIALECT',
    });
  }
  return dialect;
}
