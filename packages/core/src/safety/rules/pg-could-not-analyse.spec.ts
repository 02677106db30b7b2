import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { couldNotAnalyse as rule } from './pg-could-not-analyse';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it('ok: SQL the parser reads', () => {
    expect(lintOk(rule, 'ALTER TABLE users ADD COLUMN note text;\nSELECT 1')).toEqual([]);
  });

  it('err: a bad statement is reported and the rest still analysed', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD COLUMN note text;\nALTER TABEL users DROP COLUMN bio;\nSELECT 1')).toMatchInlineSnapshot(`
"MIG-PG126 error: could not analyse statement 2 (ALTER TABEL users DROP COLUMN bio): syntax error at or near "TABEL" at line 2, column 7
  fix: Correct the statement so PostgreSQL accepts it; until then nothing is known of its locks or rewrites."
`);
  });

  it('err: an unterminated quote', () => {
    expect(lintErrors(rule, "SELECT 1;\nUPDATE users SET bio = 'it''s")).toMatchInlineSnapshot(`
"MIG-PG126 error: could not analyse statement 2 (UPDATE users SET bio = 'it''s): unterminated quoted string at or near "'it''s" at line 2, column 24
  fix: Correct the statement so PostgreSQL accepts it; until then nothing is known of its locks or rewrites."
`);
  });
});
