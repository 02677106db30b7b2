/**
 * Pre-flight checks on every database: each check counts the offending rows and names the first
 * ones' keys, and its claim is held against the database itself — the migration it warns about
 * really fails (or leaves rows its constraint does not hold), and once the rows are fixed the
 * check passes and the migration applies.
 */
import { connect } from '../db/connect';
import { executeStatements } from '../db/execute';
import type { Connection } from '../db/connection';
import { getDialect } from '../dialects/index';
import { parseDescription } from '../grammar';
import { MigError } from '../errors';
import type { Schema } from '../model/schema';
import { type TestDatabase, describeTargets, openTestDatabase } from '../testing/databases';
import { prepareAnalyzer } from '../safety/analyze';
import { detectTarget } from '../safety/target';
import { expandDependents, planOperations, planStatements } from './plan';
import { type PreflightResult, preflightChecks, preflightDatabase, preflightError, runPreflight } from './preflight';

const SETUP = [
  `CREATE TABLE users (id integer PRIMARY KEY, email varchar(100), name varchar(100), score bigint, amount decimal(14,4), created_at timestamp)`,
  `CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, title varchar(50))`,
  `INSERT INTO users VALUES (1, 'a@x.io', 'Ann', 5, 10.5, '2024-01-01 00:00:00')`,
  `INSERT INTO users VALUES (2, NULL, 'Bartholomew', 6000000000, 3.25, '2024-01-02 10:30:00')`,
  `INSERT INTO users VALUES (3, 'a@x.io', 'Cy', -4, 123456789.125, '2024-01-03 00:00:00')`,
  `INSERT INTO users VALUES (4, NULL, 'Di', 7, 1, '2024-01-04 00:00:00')`,
  `INSERT INTO posts VALUES (10, 1, 'hello'), (11, 99, 'orphan'), (12, NULL, 'draft'), (13, 3, 'ok')`,
];

interface Case {
  description: string;
  check: PreflightResult['check'];
  rows: number;
  sample: string[];
  /** rows fixed by these statements make the check pass */
  fix: string[];
  /** databases where the change is not checked (the database does not enforce it) */
  notOn?: string[];
}

const CASES: Case[] = [
  {
    description: 'make users.email not null',
    check: 'notNull',
    rows: 2,
    sample: ['id=2', 'id=4'],
    fix: [`UPDATE users SET email = CONCAT('u', id) WHERE email IS NULL`],
  },
  {
    description: 'add unique index on users.email',
    check: 'unique',
    rows: 2,
    sample: [`email='a@x.io' id=1`, `email='a@x.io' id=3`],
    fix: [`UPDATE users SET email = 'c@x.io' WHERE id = 3`],
  },
  {
    description: 'add foreign key posts.user_id references users.id',
    check: 'foreignKey',
    rows: 1,
    sample: ['id=11 user_id=99'],
    fix: [`UPDATE posts SET user_id = NULL WHERE id = 11`],
  },
  {
    description: 'change users.name to string(10)',
    check: 'narrowing',
    rows: 1,
    sample: ['id=2'],
    fix: [`UPDATE users SET name = 'Bart' WHERE id = 2`],
    notOn: ['sqlite'],
  },
  {
    description: 'change users.score to integer',
    check: 'narrowing',
    rows: 1,
    sample: ['id=2'],
    fix: [`UPDATE users SET score = 6 WHERE id = 2`],
    notOn: ['sqlite'],
  },
  {
    description: 'change users.amount to decimal(8,2)',
    check: 'narrowing',
    rows: 1,
    sample: ['id=3'],
    fix: [`UPDATE users SET amount = 12.13 WHERE id = 3`],
    notOn: ['sqlite'],
  },
  {
    description: 'add check score >= 0 to users',
    check: 'check',
    rows: 1,
    sample: ['id=3'],
    fix: [`UPDATE users SET score = 4 WHERE id = 3`],
  },
  {
    description: 'add column rank integer not null to users',
    check: 'notNull',
    rows: 4,
    sample: ['id=1', 'id=2', 'id=3', 'id=4'],
    fix: [`DELETE FROM users`],
    notOn: ['mysql'],
  },
];

/** SQLite's CONCAT arrived in 3.44; the fixes use || there. */
function portable(sql: string, target: string): string {
  return target === 'sqlite' ? sql.replace(`CONCAT('u', id)`, `'u' || id`) : sql;
}

describeTargets()('pre-flight checks on %s', (target) => {
  let t: TestDatabase;
  let db: Connection;
  const dialect = getDialect(target === 'pglite' ? 'postgres' : target);

  beforeAll(async () => {
    await prepareAnalyzer(dialect.name);
  });
  beforeEach(async () => {
    t = await openTestDatabase(target);
    db = t.db;
    for (const sql of SETUP) await db.exec(sql);
  });
  afterEach(async () => {
    await t.dispose();
  });

  async function check(description: string, schema: Schema): Promise<PreflightResult[]> {
    const ops = expandDependents(parseDescription(description), schema);
    const checks = preflightChecks(ops, schema, dialect);
    return runPreflight(db, dialect, checks, { target: await detectTarget(db) });
  }

  /** Apply the change as one plain phase; the error the database raises, if any. */
  async function apply(description: string, schema: Schema): Promise<Error | undefined> {
    const { up } = planStatements(parseDescription(description), { dialect, schema });
    try {
      await executeStatements(db, dialect, up);
      if (target === 'sqlite') {
        const broken = await db.query(`PRAGMA foreign_key_check`);
        if (broken.length > 0) return new Error(`foreign_key_check: ${broken.length} rows`);
      }
      return undefined;
    } catch (e) {
      return e as Error;
    }
  }

  for (const c of CASES) {
    if (c.notOn?.includes(target)) {
      it(`${c.description}: not checked (the database accepts the rows)`, async () => {
        const schema = await dialect.introspect(db);
        expect(await check(c.description, schema)).toEqual([]);
        expect(await apply(c.description, schema)).toBeUndefined();
      });
      continue;
    }
    it(`${c.description}: counts and names the offending rows, the migration fails on them, and passes once fixed`, async () => {
      const schema = await dialect.introspect(db);
      const [result, ...rest] = await check(c.description, schema);
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ check: c.check, status: 'violations', rows: c.rows, sample: c.sample });
      expect(result!.fix).toBeTruthy();
      const error = preflightError([result!]);
      expect(error).toBeInstanceOf(MigError);
      expect(error!.message).toContain(c.sample[0]);
      expect(error!.message).not.toContain('\n');

      // the claim, held against the database: the change fails on these rows
      expect(await apply(c.description, schema)).toBeInstanceOf(Error);

      const fresh = await dialect.introspect(db);
      for (const sql of c.fix) await db.exec(portable(sql, target));
      const [after] = await check(c.description, fresh);
      expect(after).toMatchObject({ check: c.check, status: 'ok', rows: 0 });
      expect(await apply(c.description, fresh)).toBeUndefined();
    });
  }

  it('skips columns the plan itself backfills or creates', async () => {
    const schema = await dialect.introspect(db);
    const ops = expandDependents(
      [
        ...parseDescription(`backfill users.email = 'none' where email is null`),
        ...parseDescription('make users.email not null'),
        ...parseDescription('add users.nickname string(40)'),
      ],
      schema,
    );
    expect(preflightChecks(ops, schema, dialect)).toEqual([]);
  });

  it('puts the answers in the plan, with the query that re-checks them', async () => {
    const schema = await dialect.introspect(db);
    await db.exec(`UPDATE users SET email = 'b@x.io' WHERE id = 3`);
    const answers = await check('add unique index on users.email', schema);
    const plan = planOperations('add unique index on users.email', parseDescription('add unique index on users.email'), {
      dialect,
      schema,
      preflight: answers,
    });
    expect(plan.analysis.preflight).toEqual([
      expect.objectContaining({ check: 'unique', table: 'users', columns: ['email'], status: 'ok', rows: 0 }),
    ]);
    expect(plan.analysis.preflight![0]!.query).toMatch(/^SELECT COUNT\(\*\) AS n FROM users WHERE/);
  });

  if (target === 'postgres' || target === 'mysql') {
    it('runs read-only over a URL, and a query that times out leaves the answer unknown', async () => {
      const schema = await dialect.introspect(db);
      const ops = parseDescription('make users.email not null');
      const [answer] = await preflightDatabase(t.url!, dialect, ops, schema, { target: await detectTarget(db) });
      expect(answer).toMatchObject({ status: 'violations', rows: 2 });

      const slow = preflightChecks(ops, schema, dialect).map((c) => ({
        ...c,
        countSql:
          target === 'postgres'
            ? `SELECT COUNT(*) AS n FROM users, pg_sleep(2) WHERE email IS NULL`
            : `SELECT COUNT(*) AS n FROM users WHERE email IS NULL AND SLEEP(2) = 0`,
      }));
      const ro = await connect(t.url!, { readOnly: true });
      try {
        const [timedOut] = await runPreflight(ro, dialect, slow, { target: await detectTarget(ro), timeoutMs: 200 });
        expect(timedOut).toMatchObject({ status: 'unknown' });
        expect(timedOut!.note).toMatch(/did not finish/);
      } finally {
        await ro.close();
      }
    });
  }
});
