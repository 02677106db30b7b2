/**
 * Shared by the strategy specs: a fixture on a real database, the phases as readable text for
 * inline snapshots, and the round trip every strategy must pass — all up phases reach the schema
 * the model says (the same as the plain route), all downs restore the schema before.
 */
import type { Connection } from '../../db/connection';
import { executeStatements } from '../../db/execute';
import { type Dialect, type Statement, comparableSchema } from '../../dialects/dialect';
import { getDialect } from '../../dialects/index';
import { applyOperations } from '../../model/apply';
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import { type TargetName, type TestDatabase, openTestDatabase } from '../../testing/databases';
import { executePhases } from '../execute';
import { type DesignOptions, type PhaseSpec, designPhases } from '../index';

export const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'teams',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'title', type: 'string(100)', nullable: false },
    ],
  },
  {
    kind: 'createTable',
    table: 'accounts',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'nick', type: 'string(50)', nullable: true },
      { name: 'score', type: 'integer', nullable: false, default: 0 },
      { name: 'team_id', type: 'bigint', nullable: true },
      { name: 'note', type: 'text', nullable: true },
    ],
  },
  { kind: 'createIndex', table: 'accounts', columns: ['email'], unique: true, name: 'idx_accounts_email_unique' },
  { kind: 'createIndex', table: 'accounts', columns: ['score', 'nick'], unique: false, name: 'idx_accounts_score_nick' },
  {
    kind: 'addForeignKey',
    table: 'accounts',
    columns: ['team_id'],
    refTable: 'teams',
    refColumns: ['id'],
    name: 'fk_accounts_team_id_teams',
  },
];

export const FIXTURE_ROWS = 25;

/** Teams 1-3 and accounts 1-25 (every third without a team, nick NULL on every fifth). */
export function fixtureRows(): string[] {
  const accounts = Array.from({ length: FIXTURE_ROWS }, (_, i) => {
    const n = i + 1;
    const nick = n % 5 === 0 ? 'NULL' : `'nick${n}'`;
    const team = n % 3 === 0 ? 'NULL' : String((n % 3) + 1);
    return `('user${n}@example.com', ${nick}, ${n * 10}, ${team}, 'note ${n}')`;
  });
  return [
    "INSERT INTO teams (title) VALUES ('red'), ('green'), ('blue')",
    `INSERT INTO accounts (email, nick, score, team_id, note) VALUES ${accounts.join(', ')}`,
  ];
}

export async function openFixture(target: TargetName): Promise<{ t: TestDatabase; dialect: Dialect; before: Schema }> {
  const t = await openTestDatabase(target);
  const dialect = getDialect(t.dialect);
  const [fixture] = designPhases(FIXTURE, { dialect, schema: { tables: [] }, zeroDowntime: false });
  await executeStatements(t.db, dialect, fixture!.up);
  for (const sql of fixtureRows()) await t.db.exec(sql);
  return { t, dialect, before: await dialect.introspect(t.db) };
}

/** Schemas compared without check expressions (each database rewrites them its own way). */
export const comparable = comparableSchema;

function statementText(s: Statement): string {
  const mark = s.batch ? '*' : s.cleanup ? '~' : s.transactional ? ' ' : '!';
  return `${mark} ${s.sql.replace(/\n/g, '\n    ')}`;
}

/**
 * The phases as text: a header per phase (transaction mode, timeouts, retry, deploy), then its
 * statements — ' ' in the phase's transaction, '!' on its own, '*' batched, '~' cleanup.
 */
export function phasesText(phases: PhaseSpec[], options: { guides?: boolean } = {}): string {
  return phases
    .map((p) => {
      const flags = [
        p.transactional ? 'transaction' : 'no transaction',
        p.lockTimeoutMs === undefined ? undefined : `lock ${p.lockTimeoutMs}ms`,
        p.statementTimeoutMs === undefined ? undefined : `statement ${p.statementTimeoutMs}ms`,
        p.retry ? `retry ${p.retry.attempts}x` : undefined,
        p.afterDeploy ? 'AFTER DEPLOY' : undefined,
      ].filter(Boolean);
      const lines = [`## ${p.name} (${flags.join(', ')}): ${p.description}`, 'up:', ...p.up.map(statementText), 'down:', ...p.down.map(statementText)];
      if (p.guide && options.guides) lines.push('guide:', p.guide);
      return lines.join('\n');
    })
    .join('\n\n');
}

export interface RoundTrip {
  phases: PhaseSpec[];
  /** the introspected schema after all up phases */
  after: Schema;
}

/**
 * Design the phases for `ops` against the live schema, run every up phase, compare with the
 * model, then run every down and compare with the schema before. `between` runs after the ups.
 */
export async function roundTrip(
  db: Connection,
  dialect: Dialect,
  ops: Operation[],
  options: Partial<DesignOptions> & { between?: (phases: PhaseSpec[]) => Promise<void> } = {},
): Promise<RoundTrip> {
  const before = await dialect.introspect(db);
  const phases = designPhases(ops, { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0, ...options });
  await executePhases(db, dialect, phases, 'up');
  const after = await dialect.introspect(db);
  expect(comparable(dialect, after)).toEqual(comparable(dialect, applyOperations(before, ops)));
  await options.between?.(phases);
  await executePhases(db, dialect, phases, 'down');
  expect(comparable(dialect, await dialect.introspect(db))).toEqual(comparable(dialect, before));
  return { phases, after };
}

/** The phases up to (not including) the first after-deploy phase: the state the deploy happens in. */
export function beforeDeploy(phases: PhaseSpec[]): PhaseSpec[] {
  const i = phases.findIndex((p) => p.afterDeploy);
  return i < 0 ? phases : phases.slice(0, i);
}

export async function count(db: Connection, sql: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(sql);
  return Number(row?.n);
}
