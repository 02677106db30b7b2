#!/usr/bin/env node
'use strict';
/**
 * Calibrates mig's timing model (packages/core/src/safety/estimate) on a real PostgreSQL server.
 *
 * It loads a realistic table of each size, times every kind of work the estimator knows (rewrite,
 * index builds, validation scans, foreign-key validation, batched backfill, catalog-only changes)
 * three times on each, fits the model's constants to the medians and writes calibration.json with
 * the measured points. Sizes marked held-out are measured but not fitted: they check the model on
 * data it has not seen. Wall time is measured, so other work on the machine inflates it; each
 * sample records the load average, and the table prints the highest per point.
 *
 *   node tools/bench/calibrate/calibrate.js [--url postgres://postgres@127.0.0.1:5432/test]
 *                                           [--quick] [--no-write] [--out FILE]
 *
 * --quick runs tiny sizes once each to check the script itself and never writes the calibration.
 * The script creates its own uniquely named database and drops it at the end.
 */
const os = require('node:os');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');

const CALIBRATION_FILE = join(__dirname, '..', '..', '..', 'packages', 'core', 'src', 'safety', 'estimate', 'calibration.json');

/**
 * Two row shapes, so the fit can tell the per-row cost from the per-byte cost: both have a few ints,
 * a varchar, a timestamp and a text whose length varies row by row (uniform 0..bodyMax, below the
 * TOAST threshold). `parentRatio` sizes the referenced table of the foreign key.
 */
const PROFILES = {
  narrow: { bodyMax: 200, parentRatio: 0.1 },
  wide: { bodyMax: 1600, parentRatio: 0.5 },
};

const FULL_PLAN = [
  { profile: 'narrow', rows: 100_000, fit: true, batchSizes: [10_000, 2_000, 50_000], freeSpace: true },
  { profile: 'narrow', rows: 300_000, fit: true, batchSizes: [10_000, 2_000], freeSpace: true },
  { profile: 'narrow', rows: 1_000_000, fit: true, batchSizes: [10_000] },
  { profile: 'narrow', rows: 3_000_000, fit: true, batchSizes: [10_000] },
  { profile: 'wide', rows: 100_000, fit: true, batchSizes: [10_000], freeSpace: true },
  { profile: 'wide', rows: 400_000, fit: true, batchSizes: [10_000] },
  { profile: 'narrow', rows: 200_000, fit: false, batchSizes: [10_000, 5_000] },
  { profile: 'narrow', rows: 2_000_000, fit: false, batchSizes: [10_000] },
  { profile: 'wide', rows: 250_000, fit: false, batchSizes: [10_000] },
];

const QUICK_PLAN = [
  { profile: 'narrow', rows: 5_000, fit: true, batchSizes: [1_000, 2_000], freeSpace: true },
  { profile: 'narrow', rows: 20_000, fit: true, batchSizes: [1_000] },
  { profile: 'wide', rows: 10_000, fit: true, batchSizes: [1_000] },
  { profile: 'narrow', rows: 10_000, fit: false, batchSizes: [1_000] },
];

/** Index shapes: the plain int key is the base, the others fit the key multipliers. */
const INDEX_SHAPES = [
  { variant: 'int', columns: ['a'], textColumns: 0 },
  { variant: 'int×3', columns: ['a', 'b', 'c'], textColumns: 0 },
  { variant: 'varchar', columns: ['name'], textColumns: 1 },
];
/** A concurrent build sorts like a plain one; its column multiplier is taken from the plain build. */
const CONCURRENT_SHAPES = INDEX_SHAPES.filter((s) => s.variant !== 'int×3');

/** Each model's features; `fixed` is the constant term. */
const FEATURES = {
  rewrite: ['fixed', 'perRow', 'perByte'],
  indexBuild: ['fixed', 'perRow', 'perByte'],
  concurrentIndexBuild: ['fixed', 'perRow', 'perByte'],
  validationScan: ['fixed', 'perRow', 'perByte'],
  foreignKeyValidation: ['fixed', 'perRow', 'perByte', 'perReferencedRow'],
  backfill: ['fixed', 'perRow', 'perByte', 'perBatch'],
  metadata: ['fixed'],
};

function parseArgs(argv) {
  const args = { url: 'postgres://postgres@127.0.0.1:5432/test', quick: false, write: true, out: CALIBRATION_FILE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--url') args.url = argv[++i];
    else if (a === '--quick') args.quick = true;
    else if (a === '--no-write') args.write = false;
    else if (a === '--out') args.out = argv[++i];
    else throw new Error(`unknown argument ${a}; use --url URL, --quick, --no-write or --out FILE`);
  }
  if (args.quick && args.out === CALIBRATION_FILE) args.write = false;
  return args;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function timed(client, sql) {
  const start = process.hrtime.bigint();
  await client.query(sql);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function tableStats(client, table) {
  const { rows } = await client.query(
    `SELECT c.reltuples::float8 AS rows, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c WHERE c.oid = $1::regclass`,
    [table],
  );
  return { rows: Math.round(rows[0].rows), bytes: rows[0].bytes };
}

/** One table of the plan: its names, its referenced table, and the samples taken on it. */
function tableOf(run) {
  const id = `${run.profile}_${run.rows}`;
  const profile = PROFILES[run.profile];
  const parentRows = Math.max(1, Math.round(run.rows * profile.parentRatio));
  return { ...run, bodyMax: profile.bodyMax, parentRows, t: `t_${id}`, p: `p_${id}`, measured: new Map() };
}

/** The table as a migration would find it: loaded, keyed, indexed on its foreign key, vacuumed and analysed. */
async function loadTable(client, tb) {
  const { t, p } = tb;
  await client.query(`CREATE TABLE ${p} (id int PRIMARY KEY, name text NOT NULL) WITH (autovacuum_enabled = false)`);
  await client.query(`INSERT INTO ${p} SELECT g, 'account ' || g FROM generate_series(1, $1::int) g`, [tb.parentRows]);
  await client.query(`CREATE TABLE ${t} (
      id int NOT NULL, a int NOT NULL, b int, c int NOT NULL, parent_id int NOT NULL,
      name varchar(64) NOT NULL, created_at timestamp NOT NULL, body text
    ) WITH (autovacuum_enabled = false)`);
  await client.query(
    `INSERT INTO ${t} SELECT g, ((g::bigint * 7919) % 1000003)::int, g % 1000, g % 97,
        1 + ((g::bigint * 31) % $2::int)::int, 'user_' || md5(g::text),
        timestamp '2020-01-01' + g * interval '1 second',
        substr(repeat(md5(g::text), 52), 1, ((g::bigint * 13) % ($3::int + 1))::int)
       FROM generate_series(1, $1::int) g`,
    [tb.rows, tb.parentRows, tb.bodyMax],
  );
  await client.query(`ALTER TABLE ${t} ADD PRIMARY KEY (id)`);
  await client.query(`CREATE INDEX ${t}_parent_id ON ${t} (parent_id)`);
  await client.query(`VACUUM ANALYZE ${p}`);
  await client.query(`VACUUM ANALYZE ${t}`);
}

/** Back to the loaded state between repetitions: the backfill column gone, pages packed, visibility set. */
async function repack(client, tb) {
  await client.query(`ALTER TABLE ${tb.t} DROP COLUMN IF EXISTS d`);
  await client.query(`VACUUM FULL ${tb.t}`);
  await client.query(`VACUUM ANALYZE ${tb.t}`);
}

/**
 * One timed statement, recorded under its class and variant: the table's statistics as the estimator
 * would read them just before, a checkpoint so earlier steps' dirty pages are not written on this
 * step's clock, the machine's load average (other work on the machine shows there), then the clock.
 */
async function measure(client, tb, point, work) {
  const stats = await tableStats(client, tb.t);
  const referenced = point.class === 'foreignKeyValidation' ? await tableStats(client, tb.p) : undefined;
  await client.query('CHECKPOINT');
  const load = Number(os.loadavg()[0].toFixed(2));
  const seconds = typeof work === 'function' ? await work() : await timed(client, work);
  const key = `${point.class}|${point.variant}`;
  if (!tb.measured.has(key)) tb.measured.set(key, { point, samples: [] });
  tb.measured.get(key).samples.push({ ...stats, referencedRows: referenced?.rows, seconds, load });
}

function round(x) {
  return Number(x.toPrecision(6));
}

async function measureRewrite(client, tb, rep) {
  const type = rep % 2 === 0 ? 'bigint' : 'integer';
  await measure(client, tb, { class: 'rewrite', variant: 'alter type int↔bigint' }, `ALTER TABLE ${tb.t} ALTER COLUMN c TYPE ${type}`);
  await client.query(`VACUUM ${tb.t}`);
}

async function measureIndexBuilds(client, tb) {
  const builds = [
    ['indexBuild', '', INDEX_SHAPES],
    ['concurrentIndexBuild', 'CONCURRENTLY ', CONCURRENT_SHAPES],
  ];
  for (const [work, concurrently, shapes] of builds) {
    for (const shape of shapes) {
      const point = { class: work, variant: shape.variant, columns: shape.columns.length, textColumns: shape.textColumns };
      await measure(client, tb, point, `CREATE INDEX ${concurrently}${tb.t}_probe ON ${tb.t} (${shape.columns.join(', ')})`);
      await client.query(`DROP INDEX ${tb.t}_probe`);
    }
  }
}

async function measureValidations(client, tb) {
  const { t, p } = tb;
  await client.query(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_a_check CHECK (a >= 0) NOT VALID`);
  await measure(client, tb, { class: 'validationScan', variant: 'validate check' }, `ALTER TABLE ${t} VALIDATE CONSTRAINT ${t}_a_check`);
  await client.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_a_check`);
  await measure(client, tb, { class: 'validationScan', variant: 'set not null' }, `ALTER TABLE ${t} ALTER COLUMN b SET NOT NULL`);
  await client.query(`ALTER TABLE ${t} ALTER COLUMN b DROP NOT NULL`);
  await client.query(`ALTER TABLE ${t} ADD CONSTRAINT ${t}_fk FOREIGN KEY (parent_id) REFERENCES ${p} (id) NOT VALID`);
  await measure(client, tb, { class: 'foreignKeyValidation', variant: 'validate foreign key' }, `ALTER TABLE ${t} VALIDATE CONSTRAINT ${t}_fk`);
  await client.query(`ALTER TABLE ${t} DROP CONSTRAINT ${t}_fk`);
}

async function measureMetadata(client, tb, rep) {
  const variants = [
    ['add nullable column', 'int'],
    ['add column with constant default', 'int NOT NULL DEFAULT 0'],
  ];
  for (const [k, [variant, definition]] of variants.entries()) {
    const column = `m${rep}_${k}`;
    await measure(client, tb, { class: 'metadata', variant }, `ALTER TABLE ${tb.t} ADD COLUMN ${column} ${definition}`);
    await client.query(`ALTER TABLE ${tb.t} DROP COLUMN ${column}`);
  }
}

async function backfill(client, tb, batchSize) {
  const start = process.hrtime.bigint();
  for (let lo = 1; lo <= tb.rows; lo += batchSize) {
    await client.query(`UPDATE ${tb.t} SET d = a + 1 WHERE id >= $1 AND id < $2`, [lo, lo + batchSize]);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Batched backfill by key range, each batch its own transaction, as mig's backfill phase runs it.
 * Each one fills a newly added column of a packed table, the state a migration meets. With
 * `freeSpace` the same backfill is also timed on a table whose earlier update left half its pages
 * free after a plain VACUUM: much faster, so it widens the range but is not fitted.
 */
async function measureBackfills(client, tb) {
  for (const [k, batchSize] of tb.batchSizes.entries()) {
    if (k > 0) await repack(client, tb);
    await client.query(`ALTER TABLE ${tb.t} ADD COLUMN d int`);
    await measure(client, tb, { class: 'backfill', variant: `batches of ${batchSize}`, batchSize }, () => backfill(client, tb, batchSize));
  }
  if (tb.freeSpace) {
    const batchSize = tb.batchSizes[0];
    await client.query(`VACUUM ANALYZE ${tb.t}`);
    const point = { class: 'backfill', variant: `batches of ${batchSize}, half-empty pages`, batchSize, rangeOnly: true };
    await measure(client, tb, point, () => backfill(client, tb, batchSize));
  }
}

async function measureRep(client, tb, rep) {
  if (rep > 0) await repack(client, tb);
  await measureRewrite(client, tb, rep);
  await measureIndexBuilds(client, tb);
  await measureValidations(client, tb);
  await measureMetadata(client, tb, rep);
  await measureBackfills(client, tb);
}

/**
 * Every table is loaded first and the repetitions go round all of them in turn, so a burst of other
 * work on the machine lands on one repetition of several sizes, which the median discards, rather
 * than on every repetition of one size.
 */
async function measureAll(client, plan, reps) {
  const tables = plan.map(tableOf);
  for (const tb of tables) await loadTable(client, tb);
  await client.query('CHECKPOINT');
  for (let rep = 0; rep < reps; rep++) {
    for (const tb of tables) {
      const started = Date.now();
      await measureRep(client, tb, rep);
      console.error(`repetition ${rep + 1}/${reps}: ${tb.profile} ${tb.rows} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  return tables.flatMap((tb) => [...tb.measured.values()].map(({ point, samples }) => pointOf(tb, point, samples)));
}

function pointOf(tb, point, samples) {
  const first = samples[0];
  return {
    profile: tb.profile,
    fit: tb.fit,
    parentRows: tb.parentRows,
    ...point,
    rows: first.rows,
    bytes: first.bytes,
    ...(first.referencedRows !== undefined ? { referencedRows: first.referencedRows } : {}),
    samples: samples.map((s) => ({ rows: s.rows, bytes: s.bytes, seconds: round(s.seconds), load: s.load })),
    seconds: round(median(samples.map((s) => s.seconds))),
  };
}

// ---- fitting ----

function featureValue(name, x) {
  switch (name) {
    case 'fixed':
      return 1;
    case 'perRow':
      return x.rows;
    case 'perByte':
      return x.bytes;
    case 'perReferencedRow':
      return x.referencedRows ?? 0;
    case 'perBatch':
      return Math.ceil(x.rows / (x.batchSize ?? 1));
    default:
      throw new Error(`unknown feature ${name}`);
  }
}

/** Solves the square system m·β = v by Gaussian elimination with partial pivoting; null when singular. */
function solve(m, v) {
  const n = v.length;
  const a = m.map((row, i) => [...row, v[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}

/**
 * Non-negative least squares on relative error, Σ((Xβ − y)/y)², so a 0.05 s point counts as much as a
 * 20 s one: the goal is a ratio, not an absolute error. With at most four features every subset of
 * them is solved and the best non-negative solution kept, which is exact NNLS for this size.
 */
function fitRelative(features, points) {
  const X = points.map((p) => features.map((f) => featureValue(f, p)));
  const scale = features.map((_, j) => Math.max(...X.map((r) => Math.abs(r[j]))) || 1);
  let best = null;
  for (let mask = 1; mask < 1 << features.length; mask++) {
    const cols = features.map((_, j) => j).filter((j) => mask & (1 << j));
    const A = points.map((p, i) => cols.map((j) => X[i][j] / scale[j] / p.seconds));
    const ata = cols.map((_, r) => cols.map((_, c) => A.reduce((s, row) => s + row[r] * row[c], 0)));
    const atb = cols.map((_, r) => A.reduce((s, row) => s + row[r], 0));
    const beta = solve(ata, atb);
    if (!beta || beta.some((b) => b < 0)) continue;
    const error = A.reduce((s, row) => s + (row.reduce((t, a, k) => t + a * beta[k], 0) - 1) ** 2, 0);
    if (!best || error < best.error) best = { error, cols, beta };
  }
  const constants = Object.fromEntries(features.map((f) => [f, 0]));
  if (best) best.cols.forEach((j, k) => (constants[features[j]] = best.beta[k] / scale[j]));
  return constants;
}

/** The size-dependent part of an estimate; the model in model.ts evaluates the same expression. */
function variablePart(c, x) {
  return (
    (c.perRow ?? 0) * x.rows +
    (c.perByte ?? 0) * x.bytes +
    (c.perReferencedRow ?? 0) * (x.referencedRows ?? 0) +
    (c.perBatch ?? 0) * Math.ceil(x.rows / (x.batchSize ?? 1))
  );
}

function keyFactor(c, x) {
  if (c.extraColumn === undefined) return 1;
  return 1 + c.extraColumn * ((x.columns ?? 1) - 1) + c.textColumn * (x.textColumns ?? 0);
}

function modelSeconds(c, x) {
  return c.fixed + keyFactor(c, x) * variablePart(c, x);
}

/** The factor m minimising Σ((fixed + m·v − y)/y)² for points of one index shape. */
function fitMultiplier(c, points) {
  let num = 0;
  let den = 0;
  for (const p of points) {
    const v = variablePart(c, p) / p.seconds;
    num += v * (1 - c.fixed / p.seconds);
    den += v * v;
  }
  return den > 0 ? Math.max(1, num / den) : 1;
}

function isBase(p) {
  return p.columns === undefined || (p.columns === 1 && p.textColumns === 0);
}

function fitClass(name, points, fitted) {
  const c = fitRelative(FEATURES[name], points.filter((p) => isBase(p) && !p.rangeOnly));
  if (name === 'indexBuild' || name === 'concurrentIndexBuild') {
    const shaped = (variant) => points.filter((p) => p.variant === variant);
    const wide = shaped('int×3');
    c.extraColumn = wide.length > 0 ? (fitMultiplier(c, wide) - 1) / 2 : fitted.indexBuild.extraColumn;
    c.textColumn = fitMultiplier(c, shaped('varchar')) - 1;
  }
  if (name === 'backfill') c.batchSize = 10_000;
  const ratios = points.flatMap((p) => p.samples.map((s) => s.seconds / modelSeconds(c, { ...p, ...s })));
  c.spread = [round(Math.min(1, ...ratios)), round(Math.max(1, ...ratios))];
  for (const k of Object.keys(c)) if (typeof c[k] === 'number') c[k] = Number(c[k].toPrecision(4));
  return c;
}

function fitAll(points) {
  const classes = {};
  for (const name of Object.keys(FEATURES)) {
    const own = points.filter((p) => p.fit && p.class === name);
    if (!own.some((p) => !p.rangeOnly)) throw new Error(`no fitted measurements for ${name}`);
    classes[name] = fitClass(name, own, classes);
  }
  return classes;
}

// ---- report ----

function describeSize(p) {
  return `${p.profile.padEnd(6)} ${String(p.rows).padStart(9)} ${(p.bytes / 1048576).toFixed(0).padStart(6)} MB`;
}

function seconds(x) {
  return (x < 1 ? x.toPrecision(2) : x.toFixed(2)).padStart(9);
}

function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log(`${'profile'.padEnd(6)} ${'rows'.padStart(9)} ${'size'.padStart(9)}  ${'class'.padEnd(22)} ${'variant'.padEnd(34)} ${'measured'.padStart(9)} ${'model'.padStart(9)} ${'ratio'.padStart(6)}  within 2×  load`);
  for (const r of rows) {
    console.log(
      `${describeSize(r)}  ${r.class.padEnd(22)} ${r.variant.padEnd(34)} ${seconds(r.seconds)} ${seconds(r.estimate)} ${r.ratio.toFixed(2).padStart(6)}  ${(r.within2x ? 'yes' : 'NO').padEnd(9)}  ${Math.max(...r.samples.map((x) => x.load)).toFixed(1)}`,
    );
  }
}

function withEstimates(points, classes) {
  return points.map((p) => {
    const estimate = round(modelSeconds(classes[p.class], p));
    const ratio = round(p.seconds / estimate);
    return { ...p, estimate, ratio, within2x: ratio >= 0.5 && ratio <= 2 };
  });
}

async function serverFacts(client) {
  const { rows } = await client.query(
    `SELECT version() AS version, current_setting('server_version') AS server_version,
            current_setting('shared_buffers') AS shared_buffers, current_setting('maintenance_work_mem') AS maintenance_work_mem,
            current_setting('work_mem') AS work_mem, current_setting('max_parallel_maintenance_workers') AS max_parallel_maintenance_workers,
            current_setting('synchronous_commit') AS synchronous_commit, current_setting('jit') AS jit`,
  );
  const { version, server_version: full, ...settings } = rows[0];
  return { version, serverVersion: /^\d+(\.\d+)?/.exec(full)[0], settings };
}

function machineFacts(url) {
  const host = new URL(url).hostname;
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    serverHost: host === '127.0.0.1' || host === 'localhost' ? 'same machine' : host,
  };
}

function summarize(rows) {
  const ok = rows.filter((r) => r.within2x).length;
  return `${ok}/${rows.length} within 2×; worst ratio ${rows.reduce((w, r) => (Math.abs(Math.log(r.ratio)) > Math.abs(Math.log(w)) ? r.ratio : w), 1).toFixed(2)}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const plan = args.quick ? QUICK_PLAN : FULL_PLAN;
  const reps = args.quick ? 1 : 3;
  warnIfBusy();
  const dbName = `mig_calibrate_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: args.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const client = new Client({ connectionString: withDatabase(args.url, dbName) });
  const started = Date.now();
  try {
    await client.connect();
    const server = await serverFacts(client);
    const points = await measureAll(client, plan, reps);
    const classes = fitAll(points);
    const fitted = withEstimates(points.filter((p) => p.fit && !p.rangeOnly), classes);
    const rangeOnly = withEstimates(points.filter((p) => p.rangeOnly), classes);
    const heldOut = withEstimates(points.filter((p) => !p.fit), classes);
    printTable('Fitted sizes: measured median (s) vs model', fitted);
    printTable('Held-out sizes (not used in the fit): measured median (s) vs model', heldOut);
    printTable('Table state outside the fit (widens the range only)', rangeOnly);
    console.log(`\nfitted: ${summarize(fitted)}\nheld-out: ${summarize(heldOut)}`);
    console.log(`ranges (low, high as ratios of the estimate): ${Object.entries(classes).map(([k, c]) => `${k} ${c.spread.join('–')}`).join(', ')}`);
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores, ${server.version}`);
    const calibration = {
      date: new Date().toISOString().slice(0, 10),
      server: server.version,
      serverVersion: server.serverVersion,
      settings: server.settings,
      machine: machineFacts(args.url),
      form:
        'seconds = fixed + keyFactor·(perRow·rows + perByte·bytes + perReferencedRow·referencedRows + perBatch·batches); ' +
        'rows = pg_class.reltuples, bytes = pg_total_relation_size; keyFactor = 1 + extraColumn·(columns − 1) + textColumn·textColumns (index builds only)',
      repetitions: reps,
      loadAverage: loadSummary(points),
      classes,
      points: [...fitted, ...rangeOnly].map(stripFit),
      heldOut: heldOut.map(stripFit),
    };
    if (args.write) {
      writeFileSync(args.out, `${JSON.stringify(calibration, null, 2)}\n`);
      console.log(`wrote ${args.out}`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

function warnIfBusy() {
  const [load] = os.loadavg();
  const cores = os.cpus().length;
  if (load > cores / 2) {
    console.error(`warning: load average ${load.toFixed(1)} on ${cores} cores: other work on this machine will inflate the timings`);
  }
}

function loadSummary(points) {
  const loads = points.flatMap((p) => p.samples.map((s) => s.load));
  return { median: median(loads), max: Math.max(...loads) };
}

function stripFit({ fit, ...rest }) {
  return rest;
}

main().catch((err) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
