#!/usr/bin/env node
'use strict';
/**
 * Throughput of the PostgreSQL analyzer against the bare parser it is built on: a generated
 * corpus of 10 000 statements (DDL and DML of every kind the analyzer models, over 50 tables it
 * knows from a schema), parsed by libpg-query alone, then analysed (parse + facts), then
 * analysed and checked by every PostgreSQL rule. Same process, five warm-up runs, then several
 * interleaved repetitions; median and best run of each.
 * Goal: analysis at ≥ 0.5× the bare parse's statements per second.
 *
 *   npm run build            (or: npx tsc -b packages/core)
 *   node tools/bench/analyzer-throughput.js [statements=10000] [repetitions=15]
 */
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'packages', 'core', 'dist', 'safety', 'postgres');
const { analyzePostgresSql, loadPostgresParser } = require(join(dist, 'analyze'));
const { runPostgresRules } = require(join(dist, 'lint'));
const { POSTGRES_RULES } = require(join(dist, 'rules'));
const pgQuery = require('libpg-query');

const count = Number(process.argv[2] ?? 10000);
const repetitions = Number(process.argv[3] ?? 15);

/** A small deterministic generator, so every run measures the same text. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TABLES = Array.from({ length: 50 }, (_, i) => `t${i}`);

function schema() {
  return {
    tables: TABLES.map((name, i) => ({
      name,
      columns: [
        { name: 'id', type: 'bigint', nullable: false },
        { name: 'name', type: 'string(40)', nullable: false },
        { name: 'email', type: 'string(255)', nullable: true },
        { name: 'score', type: 'integer', nullable: true },
        { name: 'amount', type: 'decimal(10,2)', nullable: true },
        { name: 'created_at', type: 'timestamp', nullable: true },
        { name: 'parent_id', type: 'bigint', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: `idx_${name}_email`, columns: ['email'], unique: false }],
      foreignKeys: i ? [{ name: `fk_${name}_parent`, columns: ['parent_id'], refTable: TABLES[i - 1], refColumns: ['id'] }] : [],
      checks: [{ name: `chk_${name}_score`, expression: '(score IS NOT NULL)' }],
    })),
  };
}

const TEMPLATES = [
  (t, n) => `ALTER TABLE ${t} ADD COLUMN c${n} integer`,
  (t, n) => `ALTER TABLE ${t} ADD COLUMN c${n} boolean NOT NULL DEFAULT false`,
  (t, n) => `ALTER TABLE ${t} ADD COLUMN c${n} uuid DEFAULT gen_random_uuid()`,
  (t, n) => `CREATE INDEX idx_${t}_${n} ON ${t} (name, score)`,
  (t, n) => `CREATE INDEX CONCURRENTLY idx_${t}_c${n} ON ${t} (created_at)`,
  (t) => `ALTER TABLE ${t} ALTER COLUMN name TYPE varchar(80)`,
  (t) => `ALTER TABLE ${t} ALTER COLUMN amount TYPE numeric(12,4)`,
  (t) => `ALTER TABLE ${t} ALTER COLUMN score SET NOT NULL`,
  (t) => `ALTER TABLE ${t} ALTER COLUMN email SET NOT NULL`,
  (t, n) => `ALTER TABLE ${t} ADD CONSTRAINT chk_${t}_${n} CHECK (score >= 0 AND score < ${n + 100})`,
  (t, n) => `ALTER TABLE ${t} ADD CONSTRAINT fk_${t}_${n} FOREIGN KEY (parent_id) REFERENCES ${TABLES[n % 50]} (id) NOT VALID`,
  (t) => `ALTER TABLE ${t} VALIDATE CONSTRAINT fk_${t}_parent`,
  (t, n) => `UPDATE ${t} SET score = ${n} WHERE id BETWEEN ${n} AND ${n + 1000}`,
  (t) => `UPDATE ${t} SET email = lower(email) WHERE email LIKE '%@EXAMPLE.COM'`,
  (t, n) => `INSERT INTO ${t} (id, name, parent_id) VALUES (${n}, 'name ${n}', 1)`,
  (t, n) => `DELETE FROM ${t} WHERE id = ${n}`,
  (t, n) => `CREATE TABLE new_${t}_${n} (id bigint PRIMARY KEY, ${t}_id bigint REFERENCES ${t} (id), label text NOT NULL)`,
  (t) => `DROP INDEX idx_${t}_email`,
  (t) => `SELECT id, name FROM ${t} WHERE score > 10 ORDER BY id LIMIT 100`,
  () => `SET lock_timeout = '2s'`,
  (t, n) => `COMMENT ON COLUMN ${t}.name IS 'name ${n}'`,
];

function corpus() {
  const next = random(42);
  const lines = [];
  for (let n = 0; lines.length < count; n++) {
    if (n % 50 === 0) {
      lines.push('BEGIN');
      continue;
    }
    if (n % 50 === 49) {
      lines.push('COMMIT');
      continue;
    }
    const template = TEMPLATES[Math.floor(next() * TEMPLATES.length)];
    lines.push(template(TABLES[Math.floor(next() * TABLES.length)], n));
  }
  return `${lines.join(';\n')};\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median and best time of each method. Repetitions are interleaved (one run of each in turn) so
 * that a change in machine load hits all of them alike; each result is kept until the method's
 * next run, as a caller would keep it. On a shared machine the best run is the steadier figure.
 */
function timeAll(methods) {
  const times = methods.map(() => []);
  const results = [];
  for (let i = 0; i < repetitions; i++) {
    methods.forEach((fn, m) => {
      const start = process.hrtime.bigint();
      results[m] = fn();
      times[m].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return methods.map((_, m) => ({ ms: median(times[m]), best: Math.min(...times[m]), result: results[m] }));
}

async function main() {
  await loadPostgresParser();
  await pgQuery.loadModule();
  const sql = corpus();
  const options = { schema: schema() };
  // Warm up every path (WASM, and the JIT on the analyzer's many small functions) before timing.
  for (let i = 0; i < 5; i++) {
    pgQuery.parseSync(sql);
    runPostgresRules(analyzePostgresSql(sql, options), POSTGRES_RULES, options);
  }

  const [bare, analysed, checked] = timeAll([
    () => pgQuery.parseSync(sql),
    () => analyzePostgresSql(sql, options),
    () => runPostgresRules(analyzePostgresSql(sql, options), POSTGRES_RULES, options),
  ]);
  if (bare.result.stmts.length !== count || analysed.result.length !== count) {
    throw new Error(`expected ${count} statements, parsed ${bare.result.stmts.length} and analysed ${analysed.result.length}`);
  }
  const rate = (ms) => Math.round(count / (ms / 1000));
  const rows = [
    ['libpg-query parseSync (bare)', bare],
    ['analyzePostgresSql (parse + facts)', analysed],
    [`analyze + ${POSTGRES_RULES.length} rules`, checked],
  ];
  console.log(`${count} statements (${(sql.length / 1024).toFixed(0)} KiB), ${repetitions} runs each, node ${process.version}`);
  console.log(`${''.padEnd(36)} ${'median'.padStart(9)} ${'best'.padStart(9)} ${'statements/s (best)'.padStart(20)} ${'× bare (median / best)'.padStart(24)}`);
  for (const [name, t] of rows) {
    const ratio = `${(bare.ms / t.ms).toFixed(2)} / ${(bare.best / t.best).toFixed(2)}`;
    console.log(`${name.padEnd(36)} ${t.ms.toFixed(1).padStart(6)} ms ${t.best.toFixed(1).padStart(6)} ms ${String(rate(t.best)).padStart(20)} ${ratio.padStart(24)}`);
  }
  const best = bare.best / analysed.best;
  console.log(`findings: ${checked.result.length}; goal ≥ 0.50× bare for analyzePostgresSql: ${best >= 0.5 ? 'met' : 'NOT met'} (${best.toFixed(2)}× on the best runs)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
