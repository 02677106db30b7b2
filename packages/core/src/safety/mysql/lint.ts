/**
 * Running the MySQL rules over a script: for the rule specs (ok / err fixtures, the suggested fix
 * re-analysed), and for anyone who wants MySQL findings without the whole planner.
 */
import type { Schema } from '../../model/schema';
import type { Finding } from '../../plan/findings';
import { mysqlVersionNumber } from '../target';
import type { AnalyzeTarget, Rule, StatementFacts, StatementFinding } from '../types';
import { type MysqlAnalyzeOptions, analyzeMysqlSql } from './analyze';
import { mysqlServer } from './server';

/** The findings of `rules` on already analysed statements. */
export function runRules(rules: readonly Rule[], statements: StatementFacts[], target: AnalyzeTarget, schema?: Schema): StatementFinding[] {
  const findings: StatementFinding[] = [];
  for (const statement of statements) {
    for (const rule of rules) {
      if (!rule.dialects.includes(target.dialect)) continue;
      for (const hit of rule.check({ target, statement, statements, ...(schema ? { schema } : {}) })) {
        findings.push({
          code: rule.code,
          severity: rule.severity,
          message: hit.message,
          fix: hit.fix ?? rule.fix,
          rule: rule.id,
          statement: statement.index,
        });
      }
    }
  }
  return findings;
}

/** `MIG-MY101 warning: message\n  fix: fix` */
export function renderFinding(f: Finding): string {
  return `${f.code} ${f.severity}: ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ''}`;
}

export function mysqlTarget(options: MysqlAnalyzeOptions): AnalyzeTarget {
  const server = mysqlServer(options.flavor ?? 'mysql', options.version);
  return { dialect: 'mysql', version: mysqlVersionNumber(...server.version), flavor: server.flavor };
}

/** The findings of `rules` on a MySQL / MariaDB script. */
export function lintMysql(rules: readonly Rule[], sql: string, options: MysqlAnalyzeOptions = {}): StatementFinding[] {
  return runRules(rules, analyzeMysqlSql(sql, options), mysqlTarget(options), options.schema);
}
