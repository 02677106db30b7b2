import { analyzeSql } from '../analyze';
import { DEFAULT_TARGETS } from '../target';
import { nullSafeAsEquals } from './other-statements';

describe("MySQL's null-safe <=>", () => {
  test('a batched backfill using <=> is analysed, not reported as unreadable', () => {
    const analysis = analyzeSql("UPDATE users SET plan = 'free' WHERE NOT (plan <=> 'free') LIMIT 10000", DEFAULT_TARGETS.mysql);
    expect(analysis.findings.map((f) => f.code)).not.toContain('MIG-MY110');
    expect(analysis.statements[0]!.locks.map((l) => l.table)).toEqual(['users']);
  });

  test('only the operator is rewritten for the parser, never text in quotes', () => {
    expect(nullSafeAsEquals("SELECT a <=> b, '<=>', `x<=>y`, \"<=>\" FROM t")).toBe("SELECT a  =  b, '<=>', `x<=>y`, \"<=>\" FROM t");
    expect(nullSafeAsEquals("SELECT 'it\\'s <=>' <=> x")).toBe("SELECT 'it\\'s <=>'  =  x");
  });
});
