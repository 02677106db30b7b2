#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the flow a user of mig's Nx plugin follows, in the sample workspace
 * tools/demo/workspace (copied to a temporary directory, so the repository stays clean), on the
 * embedded PGlite database — no server needed:
 *
 *   nx g @mig/plugin:migration "add email_verified to users" --project=api
 *   nx g @mig/plugin:migration "add index on users.email" --project=api
 *   nx run api:migrate            then status, rollback --step=2 (the schema must be as before), migrate
 *   nx run api:migration-check    twice: the second run is a cache hit
 *
 * and the report the generator wrote. `--keep` leaves the temporary workspace for a look around.
 */
const { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const core = require('@mig/core');

const ROOT = join(__dirname, '..', '..');
const NX = require.resolve('nx/bin/nx');
const ENV = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_ISOLATE_PLUGINS: 'false', NX_TUI: 'false', FORCE_COLOR: '0' };

function nx(ws, args) {
  const started = Date.now();
  console.log(`\n$ nx ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [NX, ...args, ...(args[0] === 'run' ? ['--outputStyle=static'] : [])], { cwd: ws, env: ENV, encoding: 'utf8' });
  const lines = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((l) => l.trim() && !/^\s*(NX\s+Generating|Run duration|Critical path|Recoverable time|>\s+nx run)/.test(l.trim()) && !/^—+$/.test(l.trim()));
  for (const l of lines) console.log(`  ${l.trim()}`);
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${result.status})`);
  console.log(`  (${Date.now() - started} ms)`);
  return `${result.stdout}${result.stderr}`;
}

async function schemaOf(ws) {
  const db = await core.connect(`pglite:${join(ws, 'apps', 'api', '.mig', 'pglite', 'development')}`);
  try {
    const schema = await core.getDialect('postgres').introspect(db);
    const rows = await db.query('SELECT count(*)::int AS n FROM users');
    return { schema: core.canonicalSchema({ tables: schema.tables.filter((t) => t.name !== 'mig_migrations') }), rows: rows[0].n };
  } finally {
    await db.close();
  }
}

function describe({ schema, rows }) {
  return schema.tables
    .map((t) => {
      const cols = t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}`).join(', ');
      const idx = t.indexes.map((i) => `index ${i.name}(${i.columns.join(', ')})`).join('; ');
      return `  ${t.name} (${rows} rows): ${cols}${idx ? `\n    ${idx}` : ''}`;
    })
    .join('\n');
}

async function main() {
  const started = Date.now();
  const ws = mkdtempSync(join(tmpdir(), 'mig-demo-'));
  cpSync(join(__dirname, 'workspace'), ws, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(ws, 'node_modules'), 'dir');
  console.log(`mig demo: the sample Nx workspace, copied to ${ws}; the database is embedded PGlite (no server)`);
  try {
    nx(ws, ['g', '@mig/plugin:migration', 'add email_verified to users', '--project=api']);
    nx(ws, ['g', '@mig/plugin:migration', 'add index on users.email', '--project=api', '--name=users_email_index']);
    nx(ws, ['run', 'api:migrate']);
    const after = await schemaOf(ws);
    console.log(`\nschema after migrate:\n${describe(after)}`);
    nx(ws, ['run', 'api:status']);
    nx(ws, ['run', 'api:rollback', '--step=2']);
    const rolledBack = await schemaOf(ws);
    console.log(`\nschema after rollback --step=2:\n${describe(rolledBack)}`);
    const columns = rolledBack.schema.tables[0].columns.map((c) => c.name);
    if (columns.includes('email_verified') || rolledBack.schema.tables[0].indexes.length) throw new Error('the rollback left the new column or index behind');
    console.log('  the new column and index are gone; the five rows are still there');
    nx(ws, ['run', 'api:migrate']);
    const again = await schemaOf(ws);
    if (JSON.stringify(again.schema) !== JSON.stringify(after.schema)) throw new Error('migrate after rollback gave another schema');
    console.log('  schema identical to the first migrate');
    nx(ws, ['run', 'api:migration-check']);
    const cached = nx(ws, ['run', 'api:migration-check']);
    if (!/local cache|existing outputs match the cache|\[local cache\]/i.test(cached)) console.log('  (note: the second check was not a cache hit)');

    const dir = join(ws, 'apps', 'api', 'migrations');
    const report = readdirSync(dir).find((f) => f.endsWith('_add_email_verified_to_users.md'));
    const text = readFileSync(join(dir, report), 'utf8');
    console.log(`\n--- the report the generator wrote: apps/api/migrations/${report} (first part) ---\n`);
    console.log(text.slice(0, text.indexOf('## Generated Migration Files')).trim());
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s: generated, applied, rolled back, re-applied and checked.`);
  } finally {
    if (process.argv.includes('--keep')) console.log(`(kept ${ws})`);
    else rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
