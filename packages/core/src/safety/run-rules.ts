import type { Schema } from '../model/schema';
import type { Finding } from '../plan/findings';
import type { AnalyzeTarget, Rule, StatementFacts, StatementFinding } from './types';

/**
 * Run rules over analysed statements: every rule of the target's dialect on every statement, each
 * hit becoming a finding that takes its code, severity and (unless the hit gives one) fix from the rule.
 */
export function applyRules(
  rules: readonly Rule[],
  statements: StatementFacts[],
  target: AnalyzeTarget,
  schema?: Schema,
): StatementFinding[] {
  const findings: StatementFinding[] = [];
  const applicable = rules.filter((r) => r.dialects.includes(target.dialect));
  for (const statement of statements) {
    for (const rule of applicable) {
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

/** A finding as one block of text: `MIG-PG101 warning: message` and its fix, indented. */
export function renderFinding(f: Finding): string {
  return `${f.code} ${f.severity}: ${f.message}${f.fix ? `\n  fix: ${f.fix}` : ''}`;
}
