import { loadPostgresParser } from './analyze';
import { splitStatements, trackTransactions } from './parse';

beforeAll(loadPostgresParser);

const brief = (sql: string) => splitStatements(sql).map((s) => ({ sql: s.sql, type: s.type, line: s.line, ...(s.parseError ? { error: s.parseError } : {}) }));

describe('splitStatements', () => {
  it('keeps each statement’s exact text, without comments before it or its semicolon', () => {
    const sql = [
      '-- add the column',
      'ALTER TABLE users ADD COLUMN note text;  ',
      '/* a function with ; inside */',
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
      "INSERT INTO notes VALUES ('naïve; café')",
    ].join('\n');
    expect(brief(sql)).toMatchInlineSnapshot(`
[
  {
    "line": 2,
    "sql": "ALTER TABLE users ADD COLUMN note text",
    "type": "AlterTableStmt",
  },
  {
    "line": 4,
    "sql": "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
    "type": "CreateFunctionStmt",
  },
  {
    "line": 5,
    "sql": "INSERT INTO notes VALUES ('naïve; café')",
    "type": "InsertStmt",
  },
]
`);
  });

  it('keeps a statement the parser rejects, and parses the rest', () => {
    expect(brief("SELECT 'é';\nALTER TABEL users ADD COLUMN x int;\nDROP TABLE old")).toMatchInlineSnapshot(`
[
  {
    "line": 1,
    "sql": "SELECT 'é'",
    "type": "SelectStmt",
  },
  {
    "error": "syntax error at or near "TABEL" at line 2, column 7",
    "line": 2,
    "sql": "ALTER TABEL users ADD COLUMN x int",
    "type": "unparsed",
  },
  {
    "line": 3,
    "sql": "DROP TABLE old",
    "type": "DropStmt",
  },
]
`);
  });

  it('falls back to splitting by hand when even the scanner fails (unterminated quote)', () => {
    expect(brief("SELECT 1;\nUPDATE t SET a = 'open")).toMatchInlineSnapshot(`
[
  {
    "line": 1,
    "sql": "SELECT 1",
    "type": "SelectStmt",
  },
  {
    "error": "unterminated quoted string at or near "'open" at line 2, column 18",
    "line": 2,
    "sql": "UPDATE t SET a = 'open",
    "type": "unparsed",
  },
]
`);
  });

  it('yields nothing for a text of comments', () => {
    expect(splitStatements('-- nothing\n/* here */')).toEqual([]);
  });
});

describe('trackTransactions', () => {
  const places = (sql: string, open = false) =>
    trackTransactions(splitStatements(sql).map((s) => s.node), open).map((p) => (p.inTransaction ? p.transaction : '-'));

  it('follows BEGIN / START TRANSACTION … COMMIT / ROLLBACK', () => {
    const sql = 'SELECT 1; BEGIN; SELECT 2; SAVEPOINT a; ROLLBACK TO a; COMMIT; SELECT 3; START TRANSACTION; SELECT 4; ROLLBACK; SELECT 5';
    expect(places(sql)).toEqual(['-', 0, 0, 0, 0, 0, '-', 1, 1, 1, '-']);
  });

  it('COMMIT AND CHAIN starts the next transaction at once', () => {
    expect(places('BEGIN; SELECT 1; COMMIT AND CHAIN; SELECT 2; COMMIT')).toEqual([0, 0, 0, 1, 1]);
  });

  it('a runner transaction around the text is transaction 0', () => {
    expect(places('SELECT 1; COMMIT; SELECT 2; BEGIN; SELECT 3; COMMIT', true)).toEqual([0, 0, '-', 1, 1, 1]);
  });
});
