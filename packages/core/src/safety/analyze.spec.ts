import { analyzeSql, deletesData, factsForSql, prepareAnalyzer } from './analyze';
import { RULES, registerRules } from './rules';
import { DEFAULT_TARGETS, parseMysqlVersion } from './target';
import type { AnalyzeTarget } from './types';

const pg = DEFAULT_TARGETS.postgres;
const maria = parseMysqlVersion('mariadb:10.11');
const sqlite = DEFAULT_TARGETS.sqlite;

beforeAll(() => prepareAnalyzer('postgres'));

describe('the rule registry', () => {
  test('every code and id is registered once, with a dialect, a summary and a fix', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.code).toMatch(/^MIG-(PG|MY|SL)\d{3}$/);
      expect(r.dialects.length).toBeGreaterThan(0);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(10);
    }
  });

  test('registering a code twice throws', () => {
    expect(() => registerRules([RULES[0]!, { ...RULES[1]!, code: RULES[0]!.code }])).toThrow(/registered twice/);
  });
});

describe('data loss across dialects', () => {
  test.each([
    [pg, 'DROP TABLE t', true],
    [pg, 'TRUNCATE t', true],
    [pg, 'ALTER TABLE t DROP COLUMN c', true],
    [pg, 'DROP INDEX i', false],
    [pg, 'ALTER TABLE t ADD COLUMN c int', false],
    [maria, 'DROP TABLE t', true],
    [maria, 'TRUNCATE TABLE t', true],
    [maria, 'ALTER TABLE t DROP COLUMN c', true],
    [maria, 'DROP INDEX i ON t', false],
    [sqlite, 'DROP TABLE t', true],
    [sqlite, 'ALTER TABLE t DROP COLUMN c', true],
    [sqlite, 'CREATE INDEX i ON t (c)', false],
  ] as [AnalyzeTarget, string, boolean][])('%o: %s → %s', (target, sql, loses) => {
    expect(factsForSql(sql, target).some(deletesData)).toBe(loses);
  });
});

describe('analyzeSql', () => {
  test('gives one statement entry per statement, in order, with the contract keys', () => {
    const a = analyzeSql('CREATE INDEX i ON t (c);\nALTER TABLE t DROP COLUMN d;', pg);
    expect(a.statements.map((s) => s.sql)).toEqual(['CREATE INDEX i ON t (c)', 'ALTER TABLE t DROP COLUMN d']);
    expect(Object.keys(a.statements[0]!)).toEqual(['sql', 'transactional', 'rewrite', 'scan', 'locks', 'estimate']);
    expect(a.dataLoss).toBe(true);
    expect(a.risk).toBe('high');
  });

  test('judges by version: a constant default rewrote the table before PostgreSQL 11', () => {
    const sql = "ALTER TABLE t ADD COLUMN c text DEFAULT 'x'";
    expect(analyzeSql(sql, { dialect: 'postgres', version: 10 }).statements[0]!.rewrite).toBe(true);
    expect(analyzeSql(sql, { dialect: 'postgres', version: 15 }).statements[0]!.rewrite).toBe(false);
  });
});
