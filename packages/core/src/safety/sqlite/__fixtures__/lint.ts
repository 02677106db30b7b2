/** Fixtures for the SQLite rule specs: a schema with statistics and the ok / err helpers. */
import { sqliteDialect } from '../../../dialects/sqlite/render';
import type { Operation } from '../../../model/operations';
import type { Schema } from '../../../model/schema';
import { runRules } from '../../mysql/lint';
import type { Rule } from '../../types';
import { type SqliteAnalyzeOptions, analyzeSqliteSql, sqliteFactsForStatements } from '../analyze';
import { lintSqlite, renderFinding } from '../lint';

export const SCHEMA: Schema = {
  tables: [
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'email', type: 'string(50)', nullable: false },
        { name: 'score', type: 'integer', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'idx_users_score', columns: ['score'], unique: false }],
      foreignKeys: [],
      checks: [],
      stats: { rows: 250_000, bytes: 20_000_000, basis: 'dbstat' },
    },
  ],
};

export const WITH_SCHEMA: SqliteAnalyzeOptions = { schema: SCHEMA };

export function lintOk(rule: Rule, sql: string, options: SqliteAnalyzeOptions = WITH_SCHEMA): string[] {
  return lintSqlite([rule], sql, options).map(renderFinding);
}

export function lintErrors(rule: Rule, sql: string, options: SqliteAnalyzeOptions = WITH_SCHEMA): string {
  const found = lintOk(rule, sql, options);
  if (found.length === 0) throw new Error(`${rule.id} reported nothing for: ${sql}`);
  return found.join('\n');
}

/** The fix of the rule's first finding; throws when SQLite cannot parse it. */
export function fixOf(rule: Rule, sql: string, options: SqliteAnalyzeOptions = WITH_SCHEMA): string {
  const finding = lintSqlite([rule], sql, options)[0];
  if (!finding?.fix) throw new Error(`${rule.id} gave no fix for: ${sql}`);
  const unreadable = analyzeSqliteSql(finding.fix, options).filter((f) => f.parseError !== undefined);
  if (unreadable.length) throw new Error(`the fix of ${rule.id} does not parse: ${unreadable[0]?.parseError}\n${finding.fix}`);
  return finding.fix;
}

/** The rule's findings on the statements mig renders for `op` against the fixture schema, rendered. */
export function lintPlanned(rule: Rule, op: Operation, schema: Schema = SCHEMA): string[] {
  const statements = sqliteDialect.render(op, { schema }).map((s) => ({ ...s, change: op }));
  const facts = sqliteFactsForStatements(statements, { schema });
  return runRules([rule], facts, { dialect: 'sqlite', version: 3 }, schema).map(renderFinding);
}
