import { lintErrors, lintOk } from '../sqlite/__fixtures__/lint';
import { sqliteCouldNotAnalyse as rule } from './sqlite-could-not-analyse';

describe(rule.id, () => {
  it('ok: statements SQLite parses, even on tables it does not have', () => {
    expect(
      lintOk(rule, "ALTER TABLE users ALTER COLUMN score SET NOT NULL;\nCREATE TRIGGER t AFTER INSERT ON missing BEGIN UPDATE missing SET n = 1; END;\nWITH x AS (SELECT 1) UPDATE missing SET n = (SELECT * FROM x);\nPRAGMA legacy_alter_table = ON"),
    ).toEqual([]);
  });

  it('err: syntax SQLite rejects', () => {
    expect(lintErrors(rule, "ALTER TABLE users ALTER COLUMN score TYPE TEXT;\nUPDATE users SET email = 'x")).toMatchInlineSnapshot(`
"MIG-SL103 warning: could not analyse this ALTER (near "TYPE": syntax error); its locks and rewrites are unknown
  fix: fix the statement (SQLite itself rejects what it cannot parse), or split the text into one statement per entry
MIG-SL103 warning: could not analyse this UPDATE (unrecognized token: "'x"); its locks and rewrites are unknown
  fix: fix the statement (SQLite itself rejects what it cannot parse), or split the text into one statement per entry"
`);
  });
});
