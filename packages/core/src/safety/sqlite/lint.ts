/** Running the SQLite rules over a script: for the rule specs, and for SQLite findings without the planner. */
import { renderFinding, runRules } from '../mysql/lint';
import type { Rule, StatementFinding } from '../types';
import { type SqliteAnalyzeOptions, analyzeSqliteSql } from './analyze';

export { renderFinding };

/** The findings of `rules` on a SQLite script. */
export function lintSqlite(rules: readonly Rule[], sql: string, options: SqliteAnalyzeOptions = {}): StatementFinding[] {
  return runRules(rules, analyzeSqliteSql(sql, options), { dialect: 'sqlite', version: 3 }, options.schema);
}
