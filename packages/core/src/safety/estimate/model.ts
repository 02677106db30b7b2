import { MigError } from '../../errors';
import type { Estimate } from '../types';
import { WORK_CLASSES, type WorkClass } from './work-class';

export { WORK_CLASSES, workClassOf, type WorkClass } from './work-class';

/**
 * Seconds from table size, per work class, with constants measured on a real PostgreSQL server by
 * tools/bench/calibrate/calibrate.js and kept in calibration.json:
 *
 *   seconds = fixed + keyFactor · (perRow·rows + perByte·bytes + perReferencedRow·referencedRows + perBatch·batches)
 *
 * A linear form because every class is one or two passes over the table: per-row work (tuple
 * handling, sort comparisons, index insertions) plus per-byte work (pages read and written). Sorting
 * is n·log n, but over 100k–3M rows log n changes by a third and the fit absorbs it. `rows` and
 * `bytes` are what introspection reads (`pg_class.reltuples`, `pg_total_relation_size`, indexes
 * included, so a table with more indexes costs more to rewrite). Index builds scale the size term by
 * the key: each further column adds `extraColumn`, each collated text column adds `textColumn`.
 * A foreign key's validation is an anti-join, so it also pays per row of the referenced table. A
 * backfill pays per batch (a round trip and a commit) on top of per row.
 * The range is the estimate times the smallest and largest measured/model ratios of the calibration.
 */

export interface TableStats {
  rows: number | null;
  bytes: number | null;
  basis: string;
}

export interface EstimateOptions {
  /** index builds: key columns (default 1) */
  columns?: number;
  /** index builds: key columns compared with a collation (string, text), default 0 */
  textColumns?: number;
  /** validation of a foreign key: the referenced table, which the check also reads */
  referenced?: TableStats;
  /** backfills: rows per batch (default: the calibration's, 10 000) */
  batchSize?: number;
}

/** The calibrated models: one per work class, and foreign-key validation apart from other scans. */
export type ModelName = WorkClass | 'foreignKeyValidation';

export const MODEL_NAMES: readonly ModelName[] = [...WORK_CLASSES, 'foreignKeyValidation'];

export interface ModelConstants {
  fixed: number;
  perRow?: number;
  perByte?: number;
  perReferencedRow?: number;
  perBatch?: number;
  /** backfills: the batch size used when the caller names none */
  batchSize?: number;
  extraColumn?: number;
  textColumn?: number;
  /** smallest and largest measured/model ratio over every calibration run (low ≤ 1 ≤ high) */
  spread: [number, number];
}

export interface CalibrationPoint {
  profile: string;
  class: ModelName;
  variant: string;
  rows: number;
  bytes: number;
  referencedRows?: number;
  batchSize?: number;
  columns?: number;
  textColumns?: number;
  /** measured median */
  seconds: number;
  /** the model's estimate for this point, as the benchmark computed it */
  estimate: number;
  ratio: number;
  within2x: boolean;
  /** measured in a table state the fit leaves out (a backfill into half-empty pages); widens the range only */
  rangeOnly?: boolean;
}

export interface Calibration {
  date: string;
  server: string;
  serverVersion: string;
  machine: { cores: number; memoryBytes: number; cpu: string };
  classes: Record<ModelName, ModelConstants>;
  points: CalibrationPoint[];
  heldOut: CalibrationPoint[];
}

let loaded: Calibration | undefined;

/** The committed calibration (calibration.json), checked once. */
export function calibration(): Calibration {
  loaded ??= parseCalibration(require('./calibration.json'), 'safety/estimate/calibration.json');
  return loaded;
}

/** Checks a calibration file's shape: every model present with finite, non-negative constants. */
export function parseCalibration(data: unknown, source: string): Calibration {
  function fail(what: string): never {
    throw new MigError(`${source}: ${what}; rerun node tools/bench/calibrate/calibrate.js to regenerate it`, {
      code: 'BAD_CALIBRATION',
    });
  }
  const cal = data as Partial<Calibration> | null;
  if (typeof cal !== 'object' || cal === null || typeof cal.classes !== 'object' || cal.classes === null) {
    fail('no classes');
  }
  for (const name of MODEL_NAMES) {
    const c = cal.classes[name];
    if (!c) fail(`no constants for ${name}`);
    for (const [key, value] of Object.entries(c)) {
      if (key === 'spread') continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${name}.${key} is not a non-negative number`);
    }
    const [low, high] = Array.isArray(c.spread) ? c.spread : [NaN, NaN];
    if (!(low > 0 && low <= 1 && high >= 1)) fail(`${name}.spread is not [low ≤ 1, high ≥ 1]`);
  }
  if (!Array.isArray(cal.points) || !Array.isArray(cal.heldOut)) fail('no measured points');
  return cal as Calibration;
}

/**
 * How long `work` takes on a table of this size. Unknown rows or bytes give `seconds: null` and a
 * basis that says so: the model never guesses a size. A catalog-only change costs the same at any size.
 */
export function estimate(work: WorkClass, stats: TableStats, options: EstimateOptions = {}): Estimate {
  const cal = calibration();
  if (work === 'metadata') return constantEstimate(cal, stats);
  const referenced = work === 'validationScan' ? options.referenced : undefined;
  const missing = missingSize(stats, referenced);
  if (missing) return { seconds: null, rows: known(stats.rows) ? stats.rows : null, basis: `unknown — pass --db to read ${missing}` };
  const name: ModelName = referenced ? 'foreignKeyValidation' : work;
  const c = cal.classes[name];
  const rows = stats.rows as number;
  const seconds = modelSeconds(c, {
    rows,
    bytes: stats.bytes as number,
    referencedRows: referenced?.rows ?? 0,
    batches: Math.ceil(rows / batchSize(c, options)),
    ...indexKey(options),
  });
  return {
    seconds: round(seconds),
    range: [round(seconds * c.spread[0]), round(seconds * c.spread[1])],
    rows,
    basis: `${stats.basis}; ${calibrationBasis(cal)}${extrapolation(cal, name, rows)}`,
  };
}

interface ModelInput {
  rows: number;
  bytes: number;
  referencedRows: number;
  batches: number;
  columns: number;
  textColumns: number;
}

/** The model's formula; the benchmark evaluates the same one when it reports its fit. */
export function modelSeconds(c: ModelConstants, x: ModelInput): number {
  const size =
    (c.perRow ?? 0) * x.rows +
    (c.perByte ?? 0) * x.bytes +
    (c.perReferencedRow ?? 0) * x.referencedRows +
    (c.perBatch ?? 0) * x.batches;
  const keyFactor = 1 + (c.extraColumn ?? 0) * (x.columns - 1) + (c.textColumn ?? 0) * x.textColumns;
  return c.fixed + keyFactor * size;
}

function constantEstimate(cal: Calibration, stats: TableStats): Estimate {
  const c = cal.classes.metadata;
  return {
    seconds: round(c.fixed),
    range: [round(c.fixed * c.spread[0]), round(c.fixed * c.spread[1])],
    rows: known(stats.rows) ? stats.rows : null,
    basis: `catalog-only change, the same at any table size once its lock is granted; ${calibrationBasis(cal)}`,
  };
}

function missingSize(stats: TableStats, referenced: TableStats | undefined): string | undefined {
  const from = (s: TableStats) => (s.basis ? ` (${s.basis})` : '');
  if (!known(stats.rows) || !known(stats.bytes)) return `the table's size${from(stats)}`;
  if (referenced && !known(referenced.rows)) return `the referenced table's size${from(referenced)}`;
  return undefined;
}

function known(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

function batchSize(c: ModelConstants, options: EstimateOptions): number {
  const size = options.batchSize ?? c.batchSize ?? 10_000;
  if (!(size >= 1)) {
    throw new MigError(`backfill batch size ${size} is not a number of rows; pass a batch size of at least 1`, {
      code: 'BAD_BATCH_SIZE',
    });
  }
  return size;
}

function indexKey(options: EstimateOptions): { columns: number; textColumns: number } {
  const columns = Math.max(1, options.columns ?? 1);
  return { columns, textColumns: Math.min(columns, Math.max(0, options.textColumns ?? 0)) };
}

function calibrationBasis(cal: Calibration): string {
  return `model calibrated on PostgreSQL ${cal.serverVersion}, ${cal.machine.cores} cores, ${cal.date}`;
}

/** Says so when the table is larger than any the model was measured on. */
function extrapolation(cal: Calibration, name: ModelName, rows: number): string {
  const measured = [...cal.points, ...cal.heldOut].filter((p) => p.class === name).map((p) => p.rows);
  const largest = Math.max(0, ...measured);
  return rows > largest ? `, extrapolated beyond the ${largest.toLocaleString('en-US')} rows measured` : '';
}

function round(seconds: number): number {
  return Number(seconds.toPrecision(3));
}
