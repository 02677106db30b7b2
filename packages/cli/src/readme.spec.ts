/**
 * The README is part of the product: its generated sections must match the code, its phrases must
 * plan, and its two commands must exist.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@mig/core';

const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
// eslint-style require of a plain JS tool module shared with `node tools/readme/generate.js`
const { sections, fill } = require(join(root, 'tools', 'readme', 'sections.js')) as {
  sections(c: typeof core): Record<string, string>;
  fill(text: string, values: Record<string, string>): string;
};

describe('README', () => {
  beforeAll(() => core.prepareAnalyzer('postgres'));

  test('its generated sections are up to date (run node tools/readme/generate.js after npm run build)', () => {
    expect(fill(readme, sections(core))).toBe(readme);
  });

  test('opens with what mig is and the two commands, which package.json provides', () => {
    expect(readme.split('\n')[0]).toBe('# mig');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['demo']).toBeDefined();
    expect(pkg.scripts['test']).toMatch(/jest/);
  });

  test('npm run demo drives the Nx plugin: nx g, nx run migrate / status / rollback / migrate, a cached migration-check', () => {
    const result = spawnSync(process.execPath, [join(root, 'tools', 'demo', 'demo.js')], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('$ nx g @mig/plugin:migration add email_verified to users --project=api');
    expect(result.stdout).toMatch(/CREATE apps\/api\/migrations\/\d{14}_add_email_verified_to_users\.up\.sql/);
    expect(result.stdout).toMatch(/up {4}\d{14}_add_email_verified_to_users {2}\d+ ms/);
    expect(result.stdout).toMatch(/down {2}\d{14}_users_email_index/);
    expect(result.stdout).toContain('the new column and index are gone; the five rows are still there');
    expect(result.stdout).toContain('schema identical to the first migrate');
    expect(result.stdout).toContain('3/3 round trips proved');
    expect(result.stdout).toContain('Cache:             1/1 hit (100%)');
    expect(result.stdout).toContain('# Migration: Add email_verified to users');
  }, 120_000);

  const phrases = [...readme.matchAll(/^- `(.+)`$/gm)].map((m) => m[1]!);

  test('lists every example phrase', () => {
    expect(phrases).toEqual([...core.EXAMPLE_PHRASES]);
  });

  test.each(phrases)('"%s" plans for PostgreSQL', (phrase) => {
    const plan = core.plan(phrase, { dialect: core.getDialect('postgres') });
    expect(plan.operations.length).toBeGreaterThan(0);
    expect(plan.up.length).toBeGreaterThan(0);
  });

  test.each(phrases)('"%s" plans for MySQL and SQLite, or asks for the schema it needs', (phrase) => {
    for (const name of ['mysql', 'sqlite']) {
      try {
        expect(core.plan(phrase, { dialect: core.getDialect(name) }).up.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(core.MigError);
        expect((e as Error).message).toMatch(/pass --schema-from or --db/);
      }
    }
  });
});
