/**
 * Batched backfills: many short transactions instead of one UPDATE that locks every row it
 * touches until it commits. Each batch updates at most `batchSize` rows and commits; writers
 * wait at most one batch for a row the backfill holds.
 */
import type { Statement } from '../dialects/dialect';
import type { Table } from '../model/schema';
import { dollarQuote } from './postgres-sql';
import { postgresAtLeast } from './server';
import type { StrategyContext } from './types';

export interface BackfillPlan {
  table: string;
  /** column and the SQL expression it is set to */
  set: Array<[column: string, expression: string]>;
  /** a SQL condition true for the rows still to update; re-running skips rows already done */
  pending: string;
  /** the single-column primary key the batches walk, when the table has one */
  key?: string;
  /** shown in progress notices, e.g. users.email */
  label: string;
}

/** The column a keyed batch loop can walk: a single-column primary key. */
export function singleKey(table: Table | undefined): string | undefined {
  return table?.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
}

function assignments(ctx: StrategyContext, plan: BackfillPlan): string {
  return plan.set.map(([c, e]) => `${ctx.dialect.quoteIdent(c)} = ${e}`).join(', ');
}

/** The smallest batch the adaptive loop shrinks to. */
const MIN_BATCH = 100;

/**
 * PostgreSQL 11+: a DO block that walks the primary key in ranges, committing after each range
 * (so it must run outside a transaction) and reporting progress with RAISE NOTICE. Every range is
 * found through the key's index, so the whole backfill reads the table once. It walks the keys that
 * exist when it starts: rows inserted meanwhile get their value from the default or the sync
 * trigger, and chasing them could go on as long as the inserts do. A batch holds its
 * rows' locks until it commits, so a writer may wait for one whole batch: the next batch's size
 * is scaled so that a batch takes about `batchTimeMs`, never more rows than `batchSize`.
 */
function postgresKeyedLoop(ctx: StrategyContext, plan: BackfillPlan, key: string): Statement {
  const q = (n: string) => ctx.dialect.quoteIdent(n);
  const t = q(plan.table);
  const k = q(key);
  const pause = ctx.pauseMs > 0 ? [`    PERFORM pg_sleep(${ctx.pauseMs / 1000});`] : [];
  const smallest = Math.min(MIN_BATCH, ctx.batchSize);
  // Start small and double while batches stay under the target: the first batch has no timing yet.
  const first = Math.min(ctx.batchSize, 1000);
  const body = [
    '',
    'DECLARE',
    `  _mig_lower ${t}.${k}%TYPE;`,
    `  _mig_upper ${t}.${k}%TYPE;`,
    `  _mig_last ${t}.${k}%TYPE;`,
    `  _mig_size integer := ${first};`,
    '  _mig_started timestamptz;',
    '  _mig_ms double precision;',
    '  _mig_rows bigint;',
    '  _mig_total bigint := 0;',
    'BEGIN',
    `  SELECT min(${k}), max(${k}) INTO _mig_lower, _mig_last FROM ${t};`,
    '  WHILE _mig_lower <= _mig_last LOOP',
    '    _mig_started := clock_timestamp();',
    `    SELECT max(${k}) INTO _mig_upper FROM (`,
    `      SELECT ${k} FROM ${t} WHERE ${k} >= _mig_lower AND ${k} <= _mig_last ORDER BY ${k} LIMIT _mig_size) AS _mig_batch;`,
    `    UPDATE ${t} SET ${assignments(ctx, plan)}`,
    `      WHERE ${k} >= _mig_lower AND ${k} <= _mig_upper AND (${plan.pending});`,
    '    GET DIAGNOSTICS _mig_rows = ROW_COUNT;',
    '    _mig_total := _mig_total + _mig_rows;',
    '    COMMIT;',
    '    _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);',
    `    _mig_size := least(${ctx.batchSize}, _mig_size * 2,`,
    `      greatest(${smallest}, (_mig_size * ${ctx.batchTimeMs} / greatest(_mig_ms, 1))::integer));`,
    `    RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', ${ctx.dialect.renderValue(plan.label)}, _mig_total, _mig_upper;`,
    ...pause,
    `    SELECT min(${k}) INTO _mig_lower FROM ${t} WHERE ${k} > _mig_upper;`,
    '  END LOOP;',
    'END',
    '',
  ].join('\n');
  return { sql: `DO ${dollarQuote(body)}`, transactional: false };
}

/** PostgreSQL without a usable key: repeat on up to `batchSize` pending rows, found by ctid. */
function postgresCtidBatch(ctx: StrategyContext, plan: BackfillPlan): Statement {
  const t = ctx.dialect.quoteIdent(plan.table);
  return {
    sql:
      `UPDATE ${t} SET ${assignments(ctx, plan)} WHERE ctid = ANY (ARRAY(` +
      `SELECT ctid FROM ${t} WHERE ${plan.pending} LIMIT ${ctx.batchSize}))`,
    transactional: false,
    batch: { size: ctx.batchSize, pauseMs: ctx.pauseMs },
  };
}

/** MySQL / MariaDB: UPDATE ... LIMIT, in key order when there is a key (deterministic for replication). */
function mysqlBatch(ctx: StrategyContext, plan: BackfillPlan): Statement {
  const order = plan.key ? ` ORDER BY ${ctx.dialect.quoteIdent(plan.key)}` : '';
  return {
    sql: `UPDATE ${ctx.dialect.quoteIdent(plan.table)} SET ${assignments(ctx, plan)} WHERE ${plan.pending}${order} LIMIT ${ctx.batchSize}`,
    transactional: false,
    batch: { size: ctx.batchSize, pauseMs: ctx.pauseMs },
  };
}

/** The one statement that backfills `plan` in batches on the context's database. */
export function backfillStatement(ctx: StrategyContext, plan: BackfillPlan): Statement {
  if (ctx.dialect.name === 'mysql') return mysqlBatch(ctx, plan);
  if (plan.key && postgresAtLeast(ctx.server, 11)) return postgresKeyedLoop(ctx, plan, plan.key);
  return postgresCtidBatch(ctx, plan);
}
