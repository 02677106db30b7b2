import { type Dialect, MigError, type Operation, formatType, isSqlExpression, parseType } from '@mig/core';
import type { SequelizeDialect } from './dialects';

/** A read-back of the change after up: a query and how many rows it must return (1: there, 0: gone). */
export interface Check {
  what: string;
  sql: string;
  expected: 0 | 1;
}

type Expect = (key: string, check: Check) => void;

function expectations(op: Operation, q: SequelizeDialect['verify'], db: Dialect, expect: Expect): void {
  const table = (t: string, there: boolean) =>
    expect(`table ${t}`, { what: `table ${t} ${there ? 'exists' : 'is gone'}`, sql: q.table(t), expected: there ? 1 : 0 });
  const column = (t: string, c: string, there: boolean) =>
    expect(`column ${t}.${c}`, { what: `column ${t}.${c} ${there ? 'exists' : 'is gone'}`, sql: q.column(t, c), expected: there ? 1 : 0 });
  const index = (t: string, i: string, there: boolean) =>
    expect(`index ${i}`, { what: `index ${i} ${there ? 'exists' : 'is gone'}`, sql: q.index(t, i), expected: there ? 1 : 0 });
  const constraint = (t: string, n: string, there: boolean) => {
    if (q.constraint) expect(`constraint ${n}`, { what: `constraint ${n} ${there ? 'exists' : 'is gone'}`, sql: q.constraint(t, n), expected: there ? 1 : 0 });
  };
  switch (op.kind) {
    case 'createTable':
      return table(op.table, true);
    case 'dropTable':
      return table(op.table, false);
    case 'renameTable':
      table(op.from, false);
      return table(op.to, true);
    case 'addColumn':
      return column(op.table, op.column.name, true);
    case 'dropColumn':
      return column(op.table, op.column, false);
    case 'renameColumn':
      column(op.table, op.from, false);
      return column(op.table, op.to, true);
    case 'setNotNull':
    case 'dropNotNull': {
      const nullable = op.kind === 'dropNotNull';
      return expect(`nullability ${op.table}.${op.column}`, {
        what: `${op.table}.${op.column} is ${nullable ? 'nullable' : 'NOT NULL'}`,
        sql: q.nullability(op.table, op.column, nullable),
        expected: 1,
      });
    }
    case 'alterColumnType':
      return typed(op, q, db, expect);
    case 'createIndex':
      return index(op.table, op.name, true);
    case 'dropIndex':
      return op.table ? index(op.table, op.name, false) : undefined;
    case 'addForeignKey':
    case 'addCheck':
      return constraint(op.table, op.name, true);
    case 'dropForeignKey':
    case 'dropCheck':
      return constraint(op.table, op.name, false);
    case 'backfill':
      return backfilled(op, q, db, expect);
    default:
      // a default change, raw SQL: nothing portable to read back
      return undefined;
  }
}

function typed(op: Extract<Operation, { kind: 'alterColumnType' }>, q: SequelizeDialect['verify'], db: Dialect, expect: Expect): void {
  const spec = parseType(op.type);
  let rendered: string | undefined;
  try {
    rendered = db.renderType(op.type);
  } catch (e) {
    // a type only its operation can render (a PostgreSQL enum): the catalog check does without it
    if (!(e instanceof MigError)) throw e;
  }
  const sql = q.type(op.table, op.column, spec, rendered);
  if (sql) expect(`type ${op.table}.${op.column}`, { what: `${op.table}.${op.column} is ${formatType(spec)}`, sql, expected: 1 });
}

/** No row the backfill should have set still differs (skipped when a value is an expression such as CURRENT_TIMESTAMP). */
function backfilled(op: Extract<Operation, { kind: 'backfill' }>, q: SequelizeDialect['verify'], db: Dialect, expect: Expect): void {
  const entries = Object.entries(op.set);
  if (entries.some(([, v]) => isSqlExpression(v))) return;
  const same = entries.map(([c, v]) => q.same(db.quoteIdent(c), db.renderValue(v))).join(' AND ');
  const where = op.where ? `(${op.where}) AND ` : '';
  expect(`backfill ${op.table}`, {
    what: `no row of ${op.table} is left to backfill`,
    sql: `SELECT 1 FROM ${db.quoteIdent(op.table)} WHERE ${where}NOT (${same}) LIMIT 1`,
    expected: 0,
  });
}

/**
 * The checks that read a plan's change back after its last phase. When several operations touch
 * the same object, the last one's expectation stands (a column added, then renamed, is gone under
 * its first name).
 */
export function verificationChecks(ops: Operation[], sequelize: SequelizeDialect, db: Dialect): Check[] {
  const checks = new Map<string, Check>();
  for (const op of ops) {
    expectations(op, sequelize.verify, db, (key, check) => {
      checks.delete(key);
      checks.set(key, check);
    });
  }
  return [...checks.values()];
}
