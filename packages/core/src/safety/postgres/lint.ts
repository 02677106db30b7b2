/**
 * The PostgreSQL rules run over a SQL text on their own: what the rule specs and the throughput
 * benchmark use. (The CLI runs every dialect's rules through the shared registry.)
 */
import { applyRules, renderFinding } from '../run-rules';
import type { Rule, StatementFacts, StatementFinding } from '../types';
import { type PostgresAnalyzeOptions, DEFAULT_POSTGRES_VERSION, analyzePostgresSql } from './analyze';
import { fixSql } from './fix';

export function runPostgresRules(
  facts: StatementFacts[],
  rules: readonly Rule[],
  options: PostgresAnalyzeOptions = {},
): StatementFinding[] {
  const target = { dialect: 'postgres' as const, version: options.version ?? DEFAULT_POSTGRES_VERSION };
  return applyRules(rules, facts, target, options.schema);
}

export function lintPostgres(sql: string, rules: readonly Rule[], options: PostgresAnalyzeOptions = {}): StatementFinding[] {
  return runPostgresRules(analyzePostgresSql(sql, options), rules, options);
}

export { renderFinding };

/**
 * The text with each finding's SQL fix in place of the statement it is about (findings without
 * SQL in their fix are left alone). Statements are located by their exact source text.
 */
export function applyFixes(sql: string, findings: StatementFinding[], options: PostgresAnalyzeOptions = {}): string {
  const facts = analyzePostgresSql(sql, options);
  const replacements = new Map<number, string>();
  for (const f of findings) {
    const replacement = f.fix ? fixSql(f.fix) : undefined;
    if (replacement !== undefined) replacements.set(f.statement, replacement.replace(/;\s*$/, ''));
  }
  let out = '';
  let rest = sql;
  for (const statement of facts) {
    const at = rest.indexOf(statement.sql);
    if (at === -1) continue;
    out += rest.slice(0, at) + (replacements.get(statement.index) ?? statement.sql);
    rest = rest.slice(at + statement.sql.length);
  }
  return out + rest;
}

/** The findings of one rule, rendered; empty when it has none (for ok fixtures). */
export function lintOk(rule: Rule, sql: string, options: PostgresAnalyzeOptions = {}): string[] {
  return lintPostgres(sql, [rule], options).map(renderFinding);
}

/** The findings of one rule, rendered as one text; throws when there are none (for err fixtures). */
export function lintErrors(rule: Rule, sql: string, options: PostgresAnalyzeOptions = {}): string {
  const found = lintOk(rule, sql, options);
  if (!found.length) throw new Error(`${rule.id} found nothing in:\n${sql}`);
  return found.join('\n');
}

/** The text with the rule's SQL fixes applied; throws when no finding carries SQL. */
export function fixedSql(rule: Rule, sql: string, options: PostgresAnalyzeOptions = {}): string {
  const findings = lintPostgres(sql, [rule], options).filter((f) => f.fix && fixSql(f.fix) !== undefined);
  if (!findings.length) throw new Error(`${rule.id} suggests no SQL fix for:\n${sql}`);
  return applyFixes(sql, findings, options);
}
