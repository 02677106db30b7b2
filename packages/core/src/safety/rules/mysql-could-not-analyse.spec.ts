import { lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlCouldNotAnalyse as rule } from './mysql-could-not-analyse';

describe(rule.id, () => {
  it('ok: statements mig reads', () => {
    expect(
      lintOk(rule, "ALTER TABLE users ALTER COLUMN score SET DEFAULT 0;\nCREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW SET NEW.score = 1;\nUPDATE users SET score = 0"),
    ).toEqual([]);
  });

  it('err: a clause outside the grammar, partitioning, and text that is not SQL', () => {
    const sql = 'ALTER TABLE users ORDER BY email;\nALTER TABLE events ADD PARTITION (PARTITION p1 VALUES LESS THAN (10));\nFROBNICATE users';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-MY110 warning: could not analyse this ALTER TABLE (expected an ALTER TABLE clause at "ORDER" (offset 18)); its locks and table copies are unknown
  fix: check it by hand on a copy of the table: run it with ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE, to see what the server allows; or split it into statements mig reads
MIG-MY110 warning: could not analyse this ALTER TABLE (expected a column, index or constraint (partitioning and system versioning are not analysed) at "PARTITION" (offset 23)); its locks and table copies are unknown
  fix: check it by hand on a copy of the table: run it with ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE, to see what the server allows; or split it into statements mig reads
MIG-MY110 warning: could not analyse this FROBNICATE (Expected "#", "--", "/*", ":=", "=", or [ \\t\\n\\r] but "u" found.); its locks and table copies are unknown
  fix: check it by hand on a copy of the table: run it with ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE, to see what the server allows; or split it into statements mig reads"
`);
  });

  it('err: an unterminated string', () => {
    expect(lintErrors(rule, "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'x")).toMatchInlineSnapshot(`
"MIG-MY110 warning: could not analyse this ALTER TABLE (cannot read the statement at offset 48 (unterminated ')); its locks and table copies are unknown
  fix: check it by hand on a copy of the table: run it with ALGORITHM=INSTANT, then ALGORITHM=INPLACE, LOCK=NONE, to see what the server allows; or split it into statements mig reads"
`);
  });
});
