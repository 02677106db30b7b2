import { MigError } from '../../errors';
import { MYSQL_RULES } from '../mysql/rules';
import { POSTGRES_RULES } from '../postgres/rules';
import { SQLITE_RULES } from '../sqlite/rules';
import type { Rule } from '../types';

/** Register rules once: a duplicate id or code is a programming error, caught at load. */
export function registerRules(rules: readonly Rule[]): readonly Rule[] {
  const ids = new Set<string>();
  const codes = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id) || codes.has(rule.code)) {
      throw new MigError(`rule ${rule.id} (${rule.code}) is registered twice; give it a unique id and code`, {
        code: 'DUPLICATE_RULE',
      });
    }
    ids.add(rule.id);
    codes.add(rule.code);
  }
  return rules;
}

/** Every safety rule, in code order per dialect. The docs index and CLI flags derive from this list. */
export const RULES: readonly Rule[] = registerRules([...POSTGRES_RULES, ...MYSQL_RULES, ...SQLITE_RULES]);

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code || r.id === code);
}
