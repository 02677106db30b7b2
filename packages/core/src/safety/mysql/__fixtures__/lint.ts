/** Fixtures for the MySQL rule specs: a schema with statistics, servers, and the ok / err helpers. */
import type { Schema } from '../../../model/schema';
import type { Rule } from '../../types';
import { type MysqlAnalyzeOptions, analyzeMysqlSql } from '../analyze';
import { lintMysql, renderFinding } from '../lint';

export const SCHEMA: Schema = {
  tables: [
    {
      name: 'orgs',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'name', type: 'string(50)', nullable: false },
      ],
      primaryKey: ['id'],
      indexes: [],
      foreignKeys: [],
      checks: [],
      stats: { rows: 40, bytes: 16_384, basis: 'information_schema.TABLES' },
    },
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'email', type: 'string(50)', nullable: false },
        { name: 'name', type: 'string(60)', nullable: true },
        { name: 'status', type: 'enum(active,inactive)', nullable: false, default: 'active' },
        { name: 'score', type: 'integer', nullable: true },
        { name: 'org_id', type: 'bigint', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'idx_users_score', columns: ['score'], unique: false }],
      foreignKeys: [],
      checks: [],
      stats: { rows: 1200, bytes: 98_304, basis: 'information_schema.TABLES' },
    },
    {
      name: 'events',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'kind', type: 'string(20)', nullable: false },
        { name: 'user_id', type: 'bigint', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [],
      foreignKeys: [],
      checks: [],
      stats: { rows: 48_000_000, bytes: 12 * 1024 ** 3, basis: 'information_schema.TABLES' },
    },
  ],
};

export const MARIADB: MysqlAnalyzeOptions = { flavor: 'mariadb', version: '10.11.19', schema: SCHEMA, database: 'app' };
export const MYSQL_8_0_35: MysqlAnalyzeOptions = { flavor: 'mysql', version: '8.0.35', schema: SCHEMA, database: 'app' };
export const MYSQL_8_0_20: MysqlAnalyzeOptions = { flavor: 'mysql', version: '8.0.20', schema: SCHEMA, database: 'app' };
export const MYSQL_5_7: MysqlAnalyzeOptions = { flavor: 'mysql', version: '5.7.44', schema: SCHEMA, database: 'app' };

/** The rule's findings on the script, rendered; [] when it has none. */
export function lintOk(rule: Rule, sql: string, options: MysqlAnalyzeOptions = MARIADB): string[] {
  return lintMysql([rule], sql, options).map(renderFinding);
}

/** The rule's findings on the script, rendered; throws when it has none. */
export function lintErrors(rule: Rule, sql: string, options: MysqlAnalyzeOptions = MARIADB): string {
  const found = lintOk(rule, sql, options);
  if (found.length === 0) throw new Error(`${rule.id} reported nothing for: ${sql}`);
  return found.join('\n');
}

/** The fix of the rule's first finding; throws when it is SQL mig cannot read. */
export function fixOf(rule: Rule, sql: string, options: MysqlAnalyzeOptions = MARIADB): string {
  const finding = lintMysql([rule], sql, options)[0];
  if (!finding?.fix) throw new Error(`${rule.id} gave no fix for: ${sql}`);
  const unreadable = analyzeMysqlSql(finding.fix, options).filter((f) => f.parseError !== undefined);
  if (unreadable.length) throw new Error(`the fix of ${rule.id} does not read: ${unreadable[0]?.parseError}\n${finding.fix}`);
  return finding.fix;
}
