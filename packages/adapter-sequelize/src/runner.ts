import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Direction,
  MigError,
  type MigrationResult,
  type RollbackOptions,
  RUNNER_DIALECTS,
  RunFailed,
  type RunResult,
  type RunnerEngine,
  type RunnerOptions,
  type StatusEntry,
  connect,
  dialectOfUrl,
  takeRunLock,
} from '@mig/core';
import { SequelizeStorage, Umzug } from 'umzug';

/**
 * Sequelize migrations run by mig: the project's own `sequelize` package loads each
 * `migrations/*.js` and calls its `up(queryInterface, Sequelize)` / `down`, under mig's database
 * lock, with the history in `SequelizeMeta` — the table sequelize-cli keeps — so a project can move
 * between `sequelize-cli db:migrate` and `nx run <project>:migrate` both ways. SequelizeMeta holds
 * names only: there is no checksum to check for drift.
 */
const HISTORY = 'SequelizeMeta';
const DEFAULT_LOCK_WAIT_MS = 600_000;

interface SequelizeModule {
  Sequelize: new (url: string, options: Record<string, unknown>) => {
    getQueryInterface(): object;
    close(): Promise<void>;
  };
}

/** The project's own sequelize (resolved from its migrations directory), so its version runs its files. */
function loadSequelize(dir: string): SequelizeModule {
  try {
    return require(require.resolve('sequelize', { paths: [dir, process.cwd()] })) as SequelizeModule;
  } catch {
    throw new MigError(`cannot find the sequelize package from ${dir}; install it in the project (npm install sequelize)`, { code: 'NO_SEQUELIZE' });
  }
}

function sequelizeUrl(url: string): string {
  const dialect = dialectOfUrl(url);
  if (dialect === 'sqlite' || /^pglite:/i.test(url)) {
    throw new MigError(
      'mig runs Sequelize migrations on PostgreSQL and MySQL/MariaDB servers; for SQLite (or the embedded default) run npx sequelize-cli db:migrate, or pass --db with a server URL',
      { code: 'UNSUPPORTED_DATABASE' },
    );
  }
  return url.replace(/^mariadb:/i, 'mysql:');
}

type Work<T> = (umzug: Umzug<object>, results: Map<string, MigrationResult>) => Promise<T>;

async function withUmzug<T>(options: RunnerOptions, work: Work<T>, locked = true): Promise<T> {
  const { Sequelize } = loadSequelize(options.dir);
  const url = sequelizeUrl(options.url);
  const sequelize = new Sequelize(url, { logging: false });
  const db = await connect(options.url);
  const lock = locked ? await RUNNER_DIALECTS[db.dialect](HISTORY).sessionLock(db, { url: options.url, mode: 'session' }) : undefined;
  try {
    if (lock) await takeRunLock(lock, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, options.onEvent);
    const results = new Map<string, MigrationResult>();
    const umzug = new Umzug<object>({
      migrations: {
        glob: ['*.{js,cjs}', { cwd: options.dir }],
        resolve: ({ name, path, context }) => {
          const m = require(path!) as { up(q: unknown, s: unknown): Promise<unknown>; down?(q: unknown, s: unknown): Promise<unknown> };
          return {
            name,
            path,
            up: () => m.up(context, Sequelize),
            down: () => {
              if (!m.down) throw new MigError(`${name} has no down; write one to roll it back`, { code: 'NO_DOWN' });
              return m.down(context, Sequelize);
            },
          };
        },
      },
      context: sequelize.getQueryInterface(),
      storage: new SequelizeStorage({ sequelize: sequelize as never }),
      logger: undefined,
    });
    const started = new Map<string, number>();
    const track = (direction: Direction) => ({
      start: ({ name }: { name: string }) => {
        started.set(name, Date.now());
        results.set(name, { name, direction, status: 'NotExecuted' });
        options.onEvent?.({ kind: 'start', name, direction });
      },
      done: ({ name }: { name: string }) => {
        const ms = Date.now() - (started.get(name) ?? Date.now());
        results.set(name, { name, direction, status: 'Success', durationMs: ms });
        options.onEvent?.({ kind: 'done', name, direction, ms });
      },
    });
    umzug.on('migrating', track('up').start);
    umzug.on('migrated', track('up').done);
    umzug.on('reverting', track('down').start);
    umzug.on('reverted', track('down').done);
    return await work(umzug, results);
  } finally {
    await lock?.release().catch(() => undefined);
    await db.close().catch(() => undefined);
    await sequelize.close().catch(() => undefined);
  }
}

/** The error a migration threw, out of umzug's wrapper. */
function cause(e: unknown): unknown {
  const inner = (e as { cause?: unknown }).cause;
  return inner ?? e;
}

function failed(e: unknown, planned: string[], direction: Direction, results: Map<string, MigrationResult>): RunFailed {
  const error = cause(e);
  const name = planned.find((n) => results.get(n)?.status === 'NotExecuted' && results.has(n));
  if (name) results.set(name, { name, direction, status: 'Error', error: (error as Error).message?.split('\n')[0] ?? String(error) });
  const result: RunResult = { results: planned.map((n) => results.get(n) ?? { name: n, direction, status: 'NotExecuted' }) };
  const wrapped = name ? new MigError(`migration ${name} (${direction}) failed: ${(error as Error).message?.split('\n')[0] ?? String(error)}`, { code: 'MIGRATION_FAILED', cause: error }) : error;
  return new RunFailed(wrapped, result);
}

function requireDir(dir: string): void {
  if (!existsSync(dir)) throw new MigError(`${dir} does not exist; create the project's migrations directory or pass --dir`, { code: 'NO_SUCH_PATH' });
}

export const sequelizeEngine: RunnerEngine = {
  async migrate(options) {
    requireDir(options.dir);
    return withUmzug(options, async (umzug, results) => {
      const pending = (await umzug.pending()).map((m) => m.name);
      const to = options.to === undefined ? undefined : pending.find((n) => n === options.to || n === `${options.to}.js`);
      if (options.to !== undefined && !to) {
        throw new MigError(`--to ${options.to} names no pending migration in ${options.dir}; run status to list them`, { code: 'BAD_TARGET' });
      }
      const planned = to ? pending.slice(0, pending.indexOf(to) + 1) : pending;
      if (planned.length === 0) return { results: [] };
      try {
        await umzug.up({ to: planned[planned.length - 1]! });
      } catch (e) {
        throw failed(e, planned, 'up', results);
      }
      return { results: planned.map((n) => results.get(n)!) };
    });
  },

  async rollback(options: RollbackOptions) {
    requireDir(options.dir);
    return withUmzug(options, async (umzug, results) => {
      const executed = (await umzug.executed()).map((m) => m.name);
      const to = options.to === undefined ? undefined : executed.find((n) => n === options.to || n === `${options.to}.js`);
      if (options.to !== undefined && !to) throw new MigError(`--to ${options.to} is not applied; run status to list what is`, { code: 'BAD_TARGET' });
      const count = options.all ? executed.length : to ? executed.length - executed.indexOf(to) : (options.step ?? 1);
      const planned = executed.slice(-count).reverse();
      if (planned.length === 0) return { results: [] };
      try {
        await umzug.down({ step: planned.length });
      } catch (e) {
        throw failed(e, planned, 'down', results);
      }
      return { results: planned.map((n) => results.get(n)!) };
    });
  },

  async status(options) {
    requireDir(options.dir);
    return withUmzug(
      options,
      async (umzug) => {
        const executed = new Set((await umzug.executed()).map((m) => m.name));
        const onDisk = [...executed, ...(await umzug.pending()).map((m) => m.name)].filter((n) => existsSync(join(options.dir, n)));
        const entries: StatusEntry[] = onDisk.map((name) => ({ name, state: executed.has(name) ? 'applied' : 'pending' }));
        for (const name of executed) if (!onDisk.includes(name)) entries.push({ name, state: 'missing' });
        return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      },
      false,
    );
  },
};

export { HISTORY as SEQUELIZE_HISTORY_TABLE };
