/**
 * Running the MySQL rules over a script: for the rule specs (ok / err fixtures, the suggested fix
 * re-analysed), and for anyone who wants MySQL findings without the whole planner.
 */
import { mysqlVersionNumber } from '../target';
import { applyRules, renderFinding } from '../run-rules';
import type { AnalyzeTarget, Rule, StatementFinding } from '../types';
import { type MysqlAnalyzeOptions, analyzeMysqlSql } from './analyze';
import { mysqlServer } from './server';

/** The findings of `rules` on already analysed statements. */
export const runRules = applyRules;

export { renderFinding };

export function mysqlTarget(options: MysqlAnalyzeOptions): AnalyzeTarget {
  const server = mysqlServer(options.flavor ?? 'mysql', options.version);
  return { dialect: 'mysql', version: mysqlVersionNumber(...server.version), flavor: server.flavor };
}

/** The findings of `rules` on a MySQL / MariaDB script. */
export function lintMysql(rules: readonly Rule[], sql: string, options: MysqlAnalyzeOptions = {}): StatementFinding[] {
  return runRules(rules, analyzeMysqlSql(sql, options), mysqlTarget(options), options.schema);
}
