#!/usr/bin/env node
'use strict';
/**
 * Wall time of `mig plan`, process start included: the median of N runs (default 5) for each
 * description, on the built CLI. Run `npm run build` first.
 *
 *   node tools/bench/plan-time.js [runs]
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const bin = join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'mig.js');
const runs = Number(process.argv[2] ?? 5);
const cases = [
  ['add email_verified to users', '--dialect', 'postgres', '--json'],
  ['create table posts with title string(200) not null, body text', '--dialect', 'mysql', '--json'],
  ['add index on users.email', '--dialect', 'sqlite', '--json'],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const baseline = [];
for (let i = 0; i < runs; i++) {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  baseline.push(Number(process.hrtime.bigint() - t) / 1e6);
}
console.log(`node -e 0 (process start alone): median ${median(baseline).toFixed(0)} ms over ${runs} runs`);
for (const args of cases) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'plan', ...args], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`mig plan ${args[0]} failed: ${r.stderr}`);
  }
  console.log(`mig plan "${args[0]}" ${args.slice(1).join(' ')}: median ${median(times).toFixed(0)} ms over ${runs} runs`);
}
