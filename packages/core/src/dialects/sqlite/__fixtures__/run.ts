import type { Connection } from '../../../db/connection';
import { executeStatements } from '../../../db/execute';
import { type Schema, canonicalSchema } from '../../../model/schema';
import type { Statement } from '../../dialect';
import { sqliteDialect } from '../render';

/** Run statements as mig's runner does: transactional runs in one transaction, the others alone. */
export function runStatements(db: Connection, statements: Statement[]): Promise<void> {
  return executeStatements(db, sqliteDialect, statements);
}

/** The comparable form of a schema: canonicalSchema, with checks compared by name only. */
export function comparable(schema: Schema): Schema {
  const canonical = canonicalSchema(schema);
  for (const t of canonical.tables) t.checks = t.checks.map((c) => ({ name: c.name, expression: '' }));
  return canonical;
}

/** What introspection must return for a model schema. */
export function expected(model: Schema): Schema {
  return comparable({ tables: model.tables.map((t) => sqliteDialect.canonicalTable(t)) });
}

export async function introspected(db: Connection): Promise<Schema> {
  return comparable(await sqliteDialect.introspect(db));
}

/** Statements as one line each, those outside the transaction marked, for inline snapshots. */
export function show(statements: Statement[]): string {
  return statements.map((s) => (s.transactional ? s.sql : `[outside transaction] ${s.sql}`)).join('\n');
}
