#!/usr/bin/env node
'use strict';
/**
 * Wall time of applying 200 small migrations to a fresh PostgreSQL database with three runners,
 * each as its own CLI process (process start included), the same SQL for every one:
 *
 *   (a) mig          `mig migrate --db URL --dir <tmp>/mig_<rep>` over NNN_name.up.sql / .down.sql files
 *   (b) sequelize    `sequelize-cli db:migrate` with a generated .sequelizerc and config.json, and
 *                    migrations/YYYYMMDDHHmmss-name.js running the statements through
 *                    queryInterface.sequelize.query inside sequelize.transaction()
 *   (c) typeorm      `typeorm migration:run -d <tmp>/typeorm_<rep>/data-source.js --transaction each` with
 *                    JS migration classes running the statements through queryRunner.query
 *
 * Migration i creates a table of 3 columns (bench_tNNN), an index on it, and adds a column to the
 * table of migration i-1: three statements, each sent on its own, in one transaction per migration
 * for every tool (mig's default; sequelize through its managed transaction; typeorm through
 * --transaction each). Every tool gets a fresh database for every repetition; the order of the
 * tools rotates from one repetition to the next. After each run the bench checks the schema (N
 * tables, N indexes, N-1 added columns) and the tool's history table (N rows), then runs the same
 * command again and times it too: with nothing pending it shows each tool's fixed cost (process
 * start, loading, connecting, reading the history). A run that did not apply everything fails the
 * bench, so a broken run cannot look fast. Each process also reports its own CPU time (user + sys,
 * through a --require'd hook that writes process.cpuUsage() at exit): on a busy machine it moves
 * far less than the wall time, and it leaves out the server's share of the work.
 *
 *   npm run build                                    # mig runs from packages/cli/dist
 *   node tools/bench/runner/runner-bench.js          # 200 migrations, 5 repetitions
 *   node tools/bench/runner/runner-bench.js --reps 9 --migrations 100
 *   node tools/bench/runner/runner-bench.js --quick  # 20 migrations, 1 repetition: checks the bench
 *
 * MIG_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; the bench
 * creates uniquely named databases on it and drops them at the end, and writes its migrations to a
 * temporary directory it removes. Goal: mig / sequelize <= 1.0x and mig / typeorm <= 1.0x (medians);
 * the bench exits 1 when a run fails or the goal is missed.
 * Run it on a quiet machine: the load average is printed with the results.
 */
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { cpus, loadavg, tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN_URL = process.env.MIG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function parseArgs(argv) {
  const options = { migrations: 200, reps: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { migrations: 20, reps: 1 });
    else if (arg === '--reps') options.reps = Number(argv[++i]);
    else if (arg === '--migrations') options.migrations = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg}; use --reps N, --migrations N or --quick`);
  }
  for (const key of ['migrations', 'reps']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a whole number of at least 1`);
  }
  // the file names carry a 3-digit number, which must sort in order
  if (options.migrations > 999) throw new Error('--migrations must be at most 999');
  return options;
}

const pad = (i) => String(i).padStart(3, '0');
const table = (i) => `bench_t${pad(i)}`;

/** The statements of migration i (1-based), up and down, the same for every tool. */
function statements(i) {
  const up = [
    `CREATE TABLE ${table(i)} (id integer PRIMARY KEY, name varchar(100) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX ${table(i)}_name_idx ON ${table(i)} (name)`,
  ];
  const down = [`DROP TABLE ${table(i)}`];
  if (i > 1) {
    up.push(`ALTER TABLE ${table(i - 1)} ADD COLUMN note text`);
    down.unshift(`ALTER TABLE ${table(i - 1)} DROP COLUMN note`);
  }
  return { up, down };
}

/** A sequelize-cli / typeorm timestamp for migration i: one second apart from a fixed start. */
function stamp(i) {
  const d = new Date(Date.UTC(2024, 0, 1, 0, 0, 0) + i * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Each tool: where its files go, the command that applies them, and its history table. */
const TOOLS = {
  mig: {
    write(dir, n) {
      mkdirSync(dir, { recursive: true });
      for (let i = 1; i <= n; i++) {
        const { up, down } = statements(i);
        writeFileSync(join(dir, `${pad(i)}_create_${table(i)}.up.sql`), `${up.join(';\n')};\n`);
        writeFileSync(join(dir, `${pad(i)}_create_${table(i)}.down.sql`), `${down.join(';\n')};\n`);
      }
    },
    command: (dir, url) => ({ args: [join(ROOT, 'packages', 'cli', 'bin', 'mig.js'), 'migrate', '--db', url, '--dir', dir], cwd: dir }),
    history: "SELECT count(*)::int AS n FROM mig_migrations WHERE duration_ms IS NOT NULL",
  },
  sequelize: {
    write(dir, n, url) {
      const migrations = join(dir, 'migrations');
      mkdirSync(migrations, { recursive: true });
      const u = new URL(url);
      const config = {
        bench: {
          dialect: 'postgres',
          host: u.hostname,
          port: Number(u.port || 5432),
          username: decodeURIComponent(u.username),
          password: u.password ? decodeURIComponent(u.password) : null,
          database: u.pathname.slice(1),
          logging: false,
        },
      };
      writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
      writeFileSync(
        join(dir, '.sequelizerc'),
        `module.exports = ${JSON.stringify({ config: join(dir, 'config.json'), 'migrations-path': migrations }, null, 2)};\n`,
      );
      for (let i = 1; i <= n; i++) {
        const { up, down } = statements(i);
        writeFileSync(
          join(migrations, `${stamp(i)}-create-${table(i)}.js`),
          `'use strict';
const UP = ${JSON.stringify(up, null, 2)};
const DOWN = ${JSON.stringify(down, null, 2)};
module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      for (const sql of UP) await queryInterface.sequelize.query(sql, { transaction });
    });
  },
  async down(queryInterface) {
    await queryInterface.sequelize.transaction(async (transaction) => {
      for (const sql of DOWN) await queryInterface.sequelize.query(sql, { transaction });
    });
  },
};
`,
        );
      }
    },
    // sequelize-cli finds the sequelize package from its working directory: run it from the repo
    command: (dir) => ({
      args: [join(ROOT, 'node_modules', 'sequelize-cli', 'lib', 'sequelize'), 'db:migrate', '--env', 'bench', '--options-path', join(dir, '.sequelizerc')],
      cwd: ROOT,
    }),
    history: 'SELECT count(*)::int AS n FROM "SequelizeMeta"',
  },
  typeorm: {
    write(dir, n, url) {
      const migrations = join(dir, 'migrations');
      mkdirSync(migrations, { recursive: true });
      writeFileSync(
        join(dir, 'data-source.js'),
        `'use strict';
const { DataSource } = require(${JSON.stringify(join(ROOT, 'node_modules', 'typeorm'))});
module.exports = new DataSource({
  type: 'postgres',
  url: ${JSON.stringify(url)},
  migrations: [${JSON.stringify(join(migrations, '*.js'))}],
  logging: false,
});
`,
      );
      for (let i = 1; i <= n; i++) {
        const { up, down } = statements(i);
        // typeorm takes a migration's timestamp from the last 13 digits of its name
        const name = `CreateBenchT${pad(i)}${String(1704067200000 + i * 1000)}`;
        writeFileSync(
          join(migrations, `${1704067200000 + i * 1000}-create-${table(i)}.js`),
          `'use strict';
const UP = ${JSON.stringify(up, null, 2)};
const DOWN = ${JSON.stringify(down, null, 2)};
module.exports = class ${name} {
  name = '${name}';
  async up(queryRunner) {
    for (const sql of UP) await queryRunner.query(sql);
  }
  async down(queryRunner) {
    for (const sql of DOWN) await queryRunner.query(sql);
  }
};
`,
        );
      }
    },
    command: (dir) => ({
      args: [join(ROOT, 'node_modules', 'typeorm', 'cli.js'), 'migration:run', '-d', join(dir, 'data-source.js'), '--transaction', 'each'],
      cwd: ROOT,
    }),
    history: 'SELECT count(*)::int AS n FROM migrations',
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A hook each measured process loads first: it writes its CPU time at exit. */
function cpuHook(work) {
  const hook = join(work, 'cpu-hook.js');
  writeFileSync(
    hook,
    "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeFileSync(process.env.MIG_BENCH_CPU_FILE, String((u.user + u.system) / 1000)); });\n",
  );
  return hook;
}

/** Run a CLI to its end; its wall time in ms, process start included, and its CPU time. */
function timed({ args, cwd }, hook) {
  const cpuFile = hook ? join(dirname(hook), `cpu-${process.hrtime.bigint()}.txt`) : undefined;
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, hook ? ['--require', hook, ...args] : args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...(cpuFile ? { MIG_BENCH_CPU_FILE: cpuFile } : {}) },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  let cpu = NaN;
  if (cpuFile && existsSync(cpuFile)) {
    cpu = Number(readFileSync(cpuFile, 'utf8'));
    rmSync(cpuFile);
  }
  return { ms, cpu, status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

/** Everything the migrations should have left, as counts; throws on any shortfall. */
async function verify(url, tool, n) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const one = async (sql) => (await db.query(sql)).rows[0].n;
    const found = {
      tables: await one("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'bench\\_t%'"),
      indexes: await one("SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'bench\\_t%\\_name\\_idx'"),
      columns: await one(
        "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'bench\\_t%' AND column_name = 'note'",
      ),
      history: await one(TOOLS[tool].history),
    };
    const expected = { tables: n, indexes: n, columns: n - 1, history: n };
    const wrong = Object.keys(expected).filter((k) => found[k] !== expected[k]);
    if (wrong.length) {
      throw new Error(`${tool}: ${wrong.map((k) => `${k} ${found[k]}, expected ${expected[k]}`).join('; ')}`);
    }
    return found;
  } finally {
    await db.end();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const n = options.migrations;
  const tools = Object.keys(TOOLS);
  const work = mkdtempSync(join(tmpdir(), 'mig-runner-bench-'));
  const prefix = `mig_bench_runner_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const created = new Set();
  const times = Object.fromEntries(tools.map((t) => [t, []]));
  const cpu = Object.fromEntries(tools.map((t) => [t, []]));
  const hook = cpuHook(work);
  const again = Object.fromEntries(tools.map((t) => [t, []]));
  const loads = [loadavg()[0]];
  try {
    const [{ server_version: version }] = (await admin.query('SHOW server_version')).rows;
    const start = timed({ args: ['-e', '0'], cwd: ROOT });
    console.log(
      `PostgreSQL ${version}, node ${process.version}, ${cpus().length} cores, ${n} migrations, ${options.reps} repetitions; ` +
        `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node -e 0 ${start.ms.toFixed(0)} ms\n`,
    );
    for (let rep = 0; rep < options.reps; rep++) {
      const order = tools.map((_, i) => tools[(i + rep) % tools.length]);
      for (const tool of order) {
        const database = `${prefix}_${tool}_${rep}`;
        await admin.query(`CREATE DATABASE ${database}`);
        created.add(database);
        const url = withDatabase(ADMIN_URL, database);
        const dir = join(work, `${tool}_${rep}`);
        TOOLS[tool].write(dir, n, url);
        const command = TOOLS[tool].command(dir, url);
        const run = timed(command, hook);
        if (run.status !== 0 || run.error) throw new Error(`${tool} failed (exit ${run.status}): ${run.error ?? ''}\n${run.output.slice(-3000)}`);
        await verify(url, tool, n);
        const rerun = timed(command);
        if (rerun.status !== 0 || rerun.error) throw new Error(`${tool} re-run failed (exit ${rerun.status}):\n${rerun.output.slice(-3000)}`);
        await verify(url, tool, n);
        times[tool].push(run.ms);
        cpu[tool].push(run.cpu);
        again[tool].push(rerun.ms);
        loads.push(loadavg()[0]);
        console.log(
          `rep ${rep + 1} ${tool.padEnd(9)} ${run.ms.toFixed(0).padStart(6)} ms  (CPU ${run.cpu.toFixed(0)} ms; nothing pending: ${rerun.ms.toFixed(0)} ms)  ` +
            `load ${loadavg()[0].toFixed(2)}`,
        );
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        created.delete(database);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    for (const database of created) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }
  printTable(tools, { times, cpu, again }, n, loads);
  const m = median(times.mig);
  if (m > median(times.sequelize) || m > median(times.typeorm)) process.exitCode = 1;
}

function printTable(tools, { times, cpu, again }, n, loads) {
  const mig = median(times.mig);
  const rows = tools.map((tool) => {
    const t = median(times[tool]);
    const fixed = median(again[tool]);
    return [
      tool,
      `${t.toFixed(0)} ms`,
      `${Math.min(...times[tool]).toFixed(0)}–${Math.max(...times[tool]).toFixed(0)} ms`,
      `${fixed.toFixed(0)} ms`,
      `${((t - fixed) / n).toFixed(2)} ms`,
      `${median(cpu[tool]).toFixed(0)} ms`,
      tool === 'mig' ? '1.00x' : `${(mig / t).toFixed(2)}x`,
    ];
  });
  const head = [`tool (${n} migrations)`, 'median', 'range', 'nothing pending', 'per migration', 'CPU (process)', 'mig / tool'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(head)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${rows.map(line).join('\n')}`);
  console.log(
    `\nmig / sequelize ${(mig / median(times.sequelize)).toFixed(2)}x, mig / typeorm ${(mig / median(times.typeorm)).toFixed(2)}x (goal <= 1.00x); ` +
      `1-min load average during the run ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` +
      `\nper migration: (median - nothing pending) / ${n}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
