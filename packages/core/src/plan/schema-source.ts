import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connect, dialectOfUrl } from '../db/connect';
import type { Connection } from '../db/connection';
import type { Dialect } from '../dialects/dialect';
import { MigError } from '../errors';
import type { Schema } from '../model/schema';
import { detectTarget } from '../safety/target';
import type { AnalyzeTarget } from '../safety/types';

export interface SchemaSourceOptions {
  dialect: Dialect;
  /** a .sql file, or a directory of them, replayed in name order into an embedded database */
  schemaFrom?: string;
  /** a live database, introspected read-only */
  db?: string;
}

/** The migration files under a path, in the order they apply: `*.sql`, skipping `*.down.sql`. */
export function sqlFilesUnder(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new MigError(`--schema-from ${path} does not exist; pass a .sql file or a directory of migrations`, {
      code: 'NO_SUCH_PATH',
    });
  }
  if (stat.isFile()) return [path];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      }
      else if (/\.sql$/i.test(entry.name) && !/\.down\.sql$/i.test(entry.name)) files.push(full);
    }
  };
  walk(path);
  return files.sort((a, b) => (relative(path, a) < relative(path, b) ? -1 : 1));
}

/** How to open a fresh embedded database of a dialect (checked before any file is read). */
function embeddedOpener(dialect: Dialect): () => Promise<Connection> {
  if (dialect.name === 'postgres') {
    return () => (require('../dialects/postgres/driver') as typeof import('../dialects/postgres/driver')).openPglite();
  }
  if (dialect.name === 'sqlite') {
    return () => (require('../dialects/sqlite/driver') as typeof import('../dialects/sqlite/driver')).openSqlite(':memory:');
  }
  throw new MigError(
    `--schema-from needs an embedded ${dialect.label} database, and there is none; pass --db with a scratch database URL instead`,
    { code: 'NO_EMBEDDED' },
  );
}

/** Replay migration files into a fresh embedded database and introspect the result. */
export async function schemaFromFiles(path: string, dialect: Dialect): Promise<Schema> {
  const open = embeddedOpener(dialect);
  const files = sqlFilesUnder(path);
  if (files.length === 0) {
    throw new MigError(`--schema-from ${path} holds no .sql files; point it at your migrations directory`, {
      code: 'NO_SQL_FILES',
    });
  }
  const db = await open();
  try {
    for (const file of files) {
      try {
        await db.execScript(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new MigError(
          `could not replay ${file} into embedded ${dialect.label}: ${(e as Error).message.split('\n')[0]}; fix the file or pass --db instead`,
          { code: 'REPLAY_FAILED', cause: e },
        );
      }
    }
    return await dialect.introspect(db);
  } finally {
    await db.close();
  }
}

/** Introspect a live database, read-only. */
export async function schemaFromDatabase(url: string, dialect: Dialect): Promise<Schema> {
  return (await databaseContext(url, dialect)).schema;
}

/** A live database's schema (with statistics) and server version, read-only. */
export async function databaseContext(url: string, dialect: Dialect): Promise<{ schema: Schema; target: AnalyzeTarget }> {
  const urlDialect = dialectOfUrl(url);
  if (urlDialect !== dialect.name) {
    throw new MigError(`--db is a ${urlDialect} database but --dialect is ${dialect.name}; make them agree`, {
      code: 'DIALECT_MISMATCH',
    });
  }
  const db = await connect(url, { readOnly: true });
  try {
    return { schema: await dialect.introspect(db), target: await detectTarget(db) };
  } finally {
    await db.close();
  }
}

export interface PlanContext {
  schema?: Schema;
  /** the server version, when read from --db */
  target?: AnalyzeTarget;
}

/** The schema (and, with --db, the server version) from --db or --schema-from. */
export async function loadContext(options: SchemaSourceOptions): Promise<PlanContext> {
  if (options.db && options.schemaFrom) {
    throw new MigError('pass either --db or --schema-from, not both', { code: 'BAD_OPTIONS' });
  }
  if (options.db) return databaseContext(options.db, options.dialect);
  if (options.schemaFrom) return { schema: await schemaFromFiles(options.schemaFrom, options.dialect) };
  return {};
}

/** The schema before the change, from --db or --schema-from; undefined when neither is given. */
export async function loadSchema(options: SchemaSourceOptions): Promise<Schema | undefined> {
  return (await loadContext(options)).schema;
}
