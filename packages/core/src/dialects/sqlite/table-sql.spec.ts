import { isMigError } from '../../errors';
import { openTestDatabase, selectedTargets } from '../../testing/databases';
import { type TableSql, allConstraints, inListOfStrings, mentionsIdentifier, parseCreateTable, tokenize } from './table-sql';

const itSqlite = selectedTargets().includes('sqlite') ? it : it.skip;

const brief = (sql: string) => tokenize(sql).map((t) => `${t.kind}:${t.value}`);

describe('tokenize', () => {
  it('reads quoted names, strings, numbers, blobs and operators, and skips comments', () => {
    expect(
      brief(`"a""b" [x y] \`c\`\`d\` 'it''s' -- note
      /* block */ 1.5e3 .5 0x1F x'AbCd' a->>'$' ?1 :name <> ||`),
    ).toEqual([
      'quoted:a"b',
      'quoted:x y',
      'quoted:c`d',
      "string:it's",
      'number:1.5e3',
      'number:.5',
      'number:0x1F',
      "blob:x'AbCd'",
      'word:a',
      'op:->>',
      "string:$",
      'variable:?1',
      'variable::name',
      'op:<>',
      'op:||',
    ]);
  });

  it('treats non-ASCII characters and $ as identifier characters', () => {
    expect(brief('größe_€ a$b')).toEqual(['word:größe_€', 'word:a$b']);
  });

  it('rejects an unterminated quote', () => {
    expect(() => tokenize(`'abc`)).toThrow(/unterminated '/);
  });
});

describe('mentionsIdentifier and inListOfStrings', () => {
  it('finds a name in any quoting, but not inside strings', () => {
    expect(mentionsIdentifier(`"Price" > 0`, 'price')).toBe(true);
    expect(mentionsIdentifier(`[price] > 0`, 'PRICE')).toBe(true);
    expect(mentionsIdentifier(`name <> 'price'`, 'price')).toBe(false);
  });

  it('reads exactly `col IN (strings)`', () => {
    expect(inListOfStrings(tokenize(`"st""at" IN ('a', 'b''c')`))).toEqual({ column: 'st"at', values: ['a', "b'c"] });
    expect(inListOfStrings(tokenize(`status IN ('a', 1)`))).toBeUndefined();
    expect(inListOfStrings(tokenize(`status IN ('a') OR status IS NULL`))).toBeUndefined();
    expect(inListOfStrings(tokenize(`status NOT IN ('a')`))).toBeUndefined();
    expect(inListOfStrings(tokenize(`status IN ('a',)`))).toBeUndefined();
  });
});

const COLUMN_CONSTRAINTS = `CREATE TABLE IF NOT EXISTS main."order items" (
      id INTEGER NOT NULL PRIMARY KEY ASC ON CONFLICT ABORT AUTOINCREMENT,
      price DECIMAL(10, 2) CONSTRAINT positive CHECK (price > (0)) DEFAULT -1.5,
      label VARYING CHARACTER (40) COLLATE NOCASE UNIQUE NULL,
      owner INTEGER CONSTRAINT fk_owner REFERENCES users (id) ON DELETE SET NULL ON UPDATE SET DEFAULT NOT DEFERRABLE NOT NULL,
      status TEXT DEFAULT ('draft') CHECK ("status" IN ('draft', 'done')),
      total GENERATED ALWAYS AS (price * 2) STORED,
      "select" BLOB
    )`;

const TABLE_CONSTRAINTS = `CREATE TABLE t (a INT, b TEXT, c INT,
      CONSTRAINT pk PRIMARY KEY (a COLLATE BINARY DESC, b)
      UNIQUE (b, c) ON CONFLICT REPLACE,
      CONSTRAINT "fk;--" FOREIGN KEY (c) REFERENCES "p""q" ON DELETE CASCADE MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED,
      CHECK (length(b) > 0 AND b <> ')'),
      CONSTRAINT named_check CHECK (c IS NOT NULL)
    ) WITHOUT ROWID, STRICT`;

const COMMENTS_AND_QUOTING = `CREATE TABLE "t2" ( -- the table
      [my col] TEXT /* inline */ DEFAULT 'a,b)' , c CONSTRAINT dangling)`;

/** A parsed table without token positions, which differ between equivalent texts. */
function shape(table: TableSql): unknown {
  return JSON.parse(JSON.stringify(table, (key, value) => (key === 'tokens' ? undefined : value)));
}

describe('parseCreateTable', () => {
  itSqlite('reads the text SQLite stores for each example the same as the text written', async () => {
    const t = await openTestDatabase('sqlite');
    try {
      for (const sql of [COLUMN_CONSTRAINTS, TABLE_CONSTRAINTS, COMMENTS_AND_QUOTING]) {
        await t.db.exec(sql);
        const name = parseCreateTable(sql).name;
        const [stored] = await t.db.query<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]);
        expect(shape(parseCreateTable(stored?.sql ?? ''))).toEqual(shape(parseCreateTable(sql)));
      }
    } finally {
      await t.dispose();
    }
  });

  it('reads columns, declared types and every kind of column constraint', () => {
    const t = parseCreateTable(COLUMN_CONSTRAINTS);
    expect(t.name).toBe('order items');
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INTEGER'],
      ['price', 'DECIMAL(10, 2)'],
      ['label', 'VARYING CHARACTER (40)'],
      ['owner', 'INTEGER'],
      ['status', 'TEXT'],
      ['total', ''],
      ['select', 'BLOB'],
    ]);
    expect(t.columns.map((c) => c.constraints.map((k) => k.kind))).toEqual([
      ['notNull', 'primaryKey'],
      ['check', 'default'],
      ['collate', 'unique', 'null'],
      ['foreignKey', 'notNull'],
      ['default', 'check'],
      ['generated'],
      [],
    ]);
    expect(t.columns[0]?.constraints[1]).toEqual({ kind: 'primaryKey', columns: ['id'], autoIncrement: true });
    expect(t.columns[1]?.constraints[0]).toMatchObject({ kind: 'check', name: 'positive', expression: 'price > (0)' });
    expect(t.columns[3]?.constraints[0]).toEqual({
      kind: 'foreignKey',
      name: 'fk_owner',
      columns: ['owner'],
      refTable: 'users',
      refColumns: ['id'],
    });
    expect(t.withoutRowid).toBe(false);
  });

  it('reads table constraints, with and without commas between them, and table options', () => {
    const t = parseCreateTable(TABLE_CONSTRAINTS);
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(t.constraints).toEqual([
      { kind: 'primaryKey', name: 'pk', columns: ['a', 'b'], autoIncrement: false },
      { kind: 'unique', columns: ['b', 'c'] },
      { kind: 'foreignKey', name: 'fk;--', columns: ['c'], refTable: 'p"q', refColumns: [] },
      expect.objectContaining({ kind: 'check', expression: "length(b) > 0 AND b <> ')'" }),
      expect.objectContaining({ kind: 'check', name: 'named_check', expression: 'c IS NOT NULL' }),
    ]);
    expect(t.withoutRowid).toBe(true);
    expect(t.strict).toBe(true);
    expect(allConstraints(t).map((c) => c.kind)).toEqual(['primaryKey', 'unique', 'foreignKey', 'check', 'check']);
  });

  it('reads what SQLite itself writes after ALTER TABLE: quoted names, comments, bracket quoting', () => {
    const t = parseCreateTable(COMMENTS_AND_QUOTING);
    expect(t.columns.map((c) => [c.name, c.type, c.constraints.map((k) => k.kind)])).toEqual([
      ['my col', 'TEXT', ['default']],
      ['c', '', []],
    ]);
  });

  it('names the offending place when the text is not a CREATE TABLE it can read', () => {
    try {
      parseCreateTable('CREATE VIEW v AS SELECT 1');
      throw new Error('expected an error');
    } catch (e) {
      expect(isMigError(e)).toBe(true);
      expect((e as Error).message).toMatch(/cannot read SQLite table SQL at offset 7 \(expected TABLE\)/);
    }
  });
});
