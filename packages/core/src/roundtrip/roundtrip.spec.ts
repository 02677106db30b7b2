/**
 * The round-trip matrix: every operation kind on every selected database (MIG_TEST_DIALECTS).
 * Up must change the introspected schema exactly as the model says; down must restore the schema
 * as it was, and the rows of every column the change did not destroy.
 */
import { executeStatements } from '../db/execute';
import type { Connection } from '../db/connection';
import { type Dialect, comparableSchema } from '../dialects/dialect';
import { getDialect } from '../dialects/index';
import { MigError } from '../errors';
import { applyOperations } from '../model/apply';
import { type Schema, emptySchema } from '../model/schema';
import { expandDependents, planStatements } from '../plan/plan';
import { type TestDatabase, openTestDatabase, selectedTargets } from '../testing/databases';
import { FIXTURE_OPERATIONS, FIXTURE_ROWS, ROUND_TRIP_CASES, type RoundTripCase } from './fixture';

const comparable = comparableSchema;

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(2);
  if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) return Number(v).toFixed(2);
  return String(v);
}

type Rows = Record<string, Record<string, string>[]>;

async function snapshotRows(db: Connection, dialect: Dialect, schema: Schema): Promise<Rows> {
  const rows: Rows = {};
  for (const t of schema.tables) {
    const order = t.columns.some((c) => c.name === 'id') ? ' ORDER BY id' : '';
    const result = await db.query(`SELECT * FROM ${dialect.quoteIdent(t.name)}${order}`);
    rows[t.name] = result.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
  }
  return rows;
}

function withoutDestroyed(rows: Rows, c: RoundTripCase): Rows {
  const out: Rows = {};
  for (const [table, list] of Object.entries(rows)) {
    if (c.destroysTables?.includes(table)) continue;
    out[table] = list.map((r) =>
      Object.fromEntries(Object.entries(r).filter(([col]) => !c.destroys?.includes(`${table}.${col}`))),
    );
  }
  return out;
}

async function createFixture(db: Connection, dialect: Dialect): Promise<void> {
  const { up } = planStatements(FIXTURE_OPERATIONS, { dialect, schema: emptySchema() });
  await executeStatements(db, dialect, up);
  for (const sql of FIXTURE_ROWS) await db.exec(sql);
}

const targets = selectedTargets();

describe.each(targets)('round trip on %s', (target) => {
  let t: TestDatabase;
  let dialect: Dialect;

  beforeEach(async () => {
    t = await openTestDatabase(target);
    dialect = getDialect(t.dialect);
    await createFixture(t.db, dialect);
  });

  afterEach(async () => {
    await t.dispose();
  });

  test.each(ROUND_TRIP_CASES.map((c) => [c.variant ? `${c.kind} ${c.variant}` : c.kind, c] as const))('%s', async (_name, c) => {
    const unsupported = c.ops.map((op) => dialect.unsupported[op.kind]).find(Boolean);
    const before = await dialect.introspect(t.db);
    if (unsupported) {
      // A kind the dialect cannot express is refused with its reason, never skipped silently.
      expect(() => planStatements(c.ops, { dialect, schema: before })).toThrow(MigError);
      return;
    }
    const rowsBefore = await snapshotRows(t.db, dialect, before);
    const { up, down } = planStatements(c.ops, { dialect, schema: before });

    await executeStatements(t.db, dialect, up);
    const after = await dialect.introspect(t.db);
    const expected = applyOperations(before, c.modelOps ?? expandDependents(c.ops, before));
    expect(comparable(dialect, after)).toEqual(comparable(dialect, expected));

    if (c.kind === 'backfill') {
      const filled = await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM users WHERE nickname = 'anon'`);
      expect(Number(filled[0]!.n)).toBe(1);
    }

    await executeStatements(t.db, dialect, down);
    const restored = await dialect.introspect(t.db);
    expect(comparable(dialect, restored)).toEqual(comparable(dialect, before));
    const rowsAfter = await snapshotRows(t.db, dialect, restored);
    expect(withoutDestroyed(rowsAfter, c)).toEqual(withoutDestroyed(rowsBefore, c));
  });
});
