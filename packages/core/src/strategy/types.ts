import type { Dialect, Statement } from '../dialects/dialect';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import type { ServerVersion } from './server';

/**
 * One step of a plan that runs on its own: one migration file where the framework needs it. The
 * statements already carry the phase's session settings (lock_timeout, statement_timeout).
 */
export interface PhaseSpec {
  /** expand, backfill, constrain, validate, set-not-null, index, migrate, contract, blue-green */
  name: string;
  description: string;
  /** the up statements run in one transaction */
  transactional: boolean;
  lockTimeoutMs?: number;
  /** 0: no limit (the phase scans or builds; its duration grows with the table) */
  statementTimeoutMs?: number;
  /** a lock timeout or deadlock may be retried: the phase is atomic or safe to run again */
  retry?: { attempts: number; backoffMs: number };
  /** run only after the application that uses the new shape is deployed */
  afterDeploy?: boolean;
  /** markdown: a procedure to follow instead of (or around) the statements */
  guide?: string;
  up: Statement[];
  /** undoes this phase; downs run in reverse phase order */
  down: Statement[];
}

export interface DesignOptions {
  dialect: Dialect;
  /** the schema before the change, when known (`--schema-from`, `--db`) */
  schema?: Schema;
  /**
   * The server version: a PostgreSQL major version (15), or a version string as the server reports
   * it ('15.4', '10.11.19-MariaDB', '8.0.36'). Defaults: PostgreSQL 15; MySQL/MariaDB unknown (only
   * what every supported MySQL 8.0 and MariaDB 10.6+ accept).
   */
  version?: number | string;
  zeroDowntime: boolean;
  /** rows per backfill batch (10000) */
  batchSize?: number;
  /** pause between backfill batches, in milliseconds (100) */
  pauseMs?: number;
  /**
   * PostgreSQL: the time one backfill batch should take (30 ms). A batch holds the locks of the
   * rows it updated until it commits, so this bounds a writer's wait; the batch size adapts to it.
   */
  batchTimeMs?: number;
  /** lock_timeout of every phase (5000) */
  lockTimeoutMs?: number;
  /** statement_timeout of the phases that only take short locks (none when not given) */
  statementTimeoutMs?: number;
}

/** What a strategy sees for one operation. */
export interface StrategyContext {
  dialect: Dialect;
  /** the schema before this operation, when known */
  before?: Schema;
  server: ServerVersion;
  batchSize: number;
  pauseMs: number;
  batchTimeMs: number;
  /** tables created earlier in the same plan: empty, so plain DDL is already safe on them */
  created: ReadonlySet<string>;
}

/** A phase as a strategy designs it; session settings and retry policy are added afterwards. */
export interface DraftPhase {
  name: string;
  description: string;
  up: Statement[];
  down: Statement[];
  /** atomic, or safe to run again after a failure */
  retry?: boolean;
  afterDeploy?: boolean;
  guide?: string;
}

/**
 * A zero-downtime strategy: one file each, registered in STRATEGIES. The first whose `matches`
 * accepts an operation designs its phases.
 */
export interface Strategy {
  id: string;
  matches(op: Operation, ctx: StrategyContext): boolean;
  phases(op: Operation, ctx: StrategyContext): DraftPhase[];
}
