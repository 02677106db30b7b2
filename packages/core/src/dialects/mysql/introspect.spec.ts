import { MigError } from '../../errors';
import { applyOperations } from '../../model/apply';
import type { Operation } from '../../model/operations';
import { type Schema, type Table, canonicalSchema, emptySchema } from '../../model/schema';
import { parseType } from '../../model/types';
import { type TestDatabase, openTestDatabase, describeTargets } from '../../testing/databases';
import { readDefault, unquoteLiteral } from './defaults';
import { withoutBackingIndexes } from './foreign-key-indexes';
import { mysqlDialect } from './render';

describe('readDefault', () => {
  const read = (raw: string | null, type: string, flavor: 'mariadb' | 'mysql' = 'mariadb', extra = '') =>
    readDefault(raw, extra, parseType(type), flavor);

  it('reads MariaDB defaults, which are printed as SQL', () => {
    expect(read(null, 'integer')).toBeUndefined();
    expect(read('NULL', 'string(10)')).toBeUndefined();
    expect(read(`'NULL'`, 'string(10)')).toBe('NULL');
    expect(read(`'it''s a \\\\ b'`, 'text')).toBe(`it's a \\ b`);
    expect(read(`'it\\'s'`, 'text')).toBe(`it's`);
    expect(read('1', 'boolean')).toBe(true);
    expect(read('0', 'boolean')).toBe(false);
    expect(read('10.50', 'decimal(10,2)')).toBe(10.5);
    expect(read('-3', 'smallint')).toBe(-3);
    expect(read('9223372036854775807', 'bigint')).toBe('9223372036854775807');
    expect(read(`'5'`, 'string(5)')).toBe('5');
    expect(read('current_timestamp()', 'timestamp')).toEqual({ sql: 'CURRENT_TIMESTAMP' });
    expect(read('current_timestamp(6)', 'timestamptz')).toEqual({ sql: 'CURRENT_TIMESTAMP' });
    expect(read('curdate()', 'date')).toEqual({ sql: 'CURRENT_DATE' });
    expect(read('1 + 1', 'integer')).toEqual({ sql: '1 + 1' });
  });

  it('reads MySQL 8 defaults, literal values bare and expressions flagged in EXTRA', () => {
    expect(read('abc', 'string(10)', 'mysql')).toBe('abc');
    expect(read('NULL', 'string(10)', 'mysql')).toBe('NULL');
    expect(read('1', 'boolean', 'mysql')).toBe(true);
    expect(read('CURRENT_TIMESTAMP', 'timestamp', 'mysql', 'DEFAULT_GENERATED')).toEqual({ sql: 'CURRENT_TIMESTAMP' });
    expect(read(`_utf8mb4\\'{}\\'`, 'json', 'mysql', 'DEFAULT_GENERATED')).toBe('{}');
    expect(read('curdate()', 'date', 'mysql', 'DEFAULT_GENERATED')).toEqual({ sql: 'CURRENT_DATE' });
  });

  it('unquotes both ways of escaping a quote, and backslash escapes', () => {
    expect(unquoteLiteral(`'a''b\\'c\\\\d\\ne'`)).toBe(`a'b'c\\d\ne`);
    expect(unquoteLiteral('abc')).toBeUndefined();
  });
});

describe('withoutBackingIndexes', () => {
  const table = (indexes: Table['indexes']): Table => ({
    name: 't',
    columns: [],
    primaryKey: ['id'],
    indexes,
    foreignKeys: [{ name: 'fk_t_a', columns: ['a'], refTable: 'p', refColumns: ['id'] }],
    checks: [],
  });

  it('hides the index InnoDB keeps for a foreign key nothing else serves', () => {
    expect(withoutBackingIndexes(table([{ name: 'fk_t_a', columns: ['a'], unique: false }])).indexes).toEqual([]);
  });

  it('keeps an index named like a foreign key when it is not the one the key relies on', () => {
    const indexes = [
      { name: 'fk_t_a', columns: ['a'], unique: false },
      { name: 'idx_t_a_b', columns: ['a', 'b'], unique: false },
    ];
    expect(withoutBackingIndexes(table(indexes)).indexes).toEqual(indexes);
    expect(withoutBackingIndexes(table([{ name: 'fk_t_a', columns: ['a'], unique: true }])).indexes).toHaveLength(1);
  });
});

/** authors, and posts with a column of every portable type, defaults, a composite unique index, two foreign keys and a check. */
const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'authors',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'name', type: 'string(100)', nullable: false },
    ],
  },
  {
    kind: 'createTable',
    table: 'posts',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'author_id', type: 'integer', nullable: false, references: { table: 'authors', column: 'id', onDelete: 'cascade' } },
      { name: 'editor_id', type: 'integer', nullable: true, references: { table: 'authors', column: 'id', onDelete: 'restrict' } },
      { name: 'slug', type: 'string(80)', nullable: false },
      { name: 'title', type: 'string(200)', nullable: false, default: `it's a \\ "test"` },
      { name: 'published', type: 'boolean', nullable: false, default: true },
      { name: 'views', type: 'integer', nullable: true, default: 0 },
      { name: 'rank', type: 'smallint', nullable: false, default: -3 },
      { name: 'body', type: 'text', nullable: true, default: 'none' },
      { name: 'price', type: 'decimal(10,2)', nullable: false, default: 10.5 },
      { name: 'weight', type: 'decimal', nullable: true },
      { name: 'ratio', type: 'float', nullable: true, default: 1.5 },
      { name: 'score', type: 'double', nullable: true, default: 2.25 },
      { name: 'day', type: 'date', nullable: true, default: '2024-01-31' },
      { name: 'starts', type: 'time', nullable: true, default: '12:30:00' },
      { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'seen_at', type: 'timestamptz', nullable: true },
      { name: 'token', type: 'uuid', nullable: false, default: '00000000-0000-0000-0000-000000000000' },
      { name: 'meta', type: 'json', nullable: true, default: '{}' },
      { name: 'extra', type: 'jsonb', nullable: false },
      { name: 'blob', type: 'binary', nullable: true },
      { name: 'status', type: 'enum(draft,in review,published)', nullable: false, default: 'draft' },
    ],
  },
  { kind: 'createIndex', table: 'posts', columns: ['author_id', 'slug'], unique: true, name: 'idx_posts_author_id_slug_unique' },
  { kind: 'addCheck', table: 'posts', name: 'chk_posts_price', expression: 'price >= 0' },
];

const HOSTILE_PARENT = 'pa`rent; DROP TABLE x; --';
const HOSTILE_TABLE = 'we`ird ☃ table';
const HOSTILE: Operation[] = [
  {
    kind: 'createTable',
    table: HOSTILE_PARENT,
    columns: [{ name: 'key', type: 'integer', nullable: false, primaryKey: true }],
  },
  {
    kind: 'createTable',
    table: HOSTILE_TABLE,
    columns: [
      { name: 'select', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'order', type: 'string(20)', nullable: false, default: `'; DROP TABLE x; --` },
      { name: 'table', type: 'text', nullable: true, default: 'back\\slash`tick' },
      { name: 'a b;c--d', type: 'enum(it is,x)', nullable: true },
      { name: 'naïve `col`', type: 'integer', nullable: true, references: { table: HOSTILE_PARENT, column: 'key' } },
      { name: '_utf8mb4', type: 'json', nullable: true },
    ],
  },
  { kind: 'createIndex', table: HOSTILE_TABLE, columns: ['order', 'select'], unique: true, name: 'idx `--; ☃' },
  { kind: 'addCheck', table: HOSTILE_TABLE, name: 'check; `select`', expression: '`order` <> \'x\'' },
  { kind: 'renameColumn', table: HOSTILE_TABLE, from: 'table', to: 'Table `2`' },
  { kind: 'renameColumn', table: HOSTILE_TABLE, from: '_utf8mb4', to: 'da`ta' },
];

function withoutCheckExpressions(schema: Schema): Schema {
  return { tables: schema.tables.map((t) => ({ ...t, checks: t.checks.map((c) => ({ ...c, expression: '' })) })) };
}

function expected(model: Schema): Schema {
  return withoutCheckExpressions(canonicalSchema({ tables: model.tables.map((t) => mysqlDialect.canonicalTable(t)) }));
}

/** Listed as skipped, not silently absent, when the mysql target is not selected. */
const describeDb = describeTargets(['mysql']);

describeDb('introspectMysql on %s', (target) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(target);
  });
  afterEach(() => test.dispose());

  /** Render and run operations in order, returning the model they build. */
  async function run(ops: Operation[]): Promise<Schema> {
    let schema = emptySchema();
    for (const op of ops) {
      for (const s of mysqlDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperations(schema, [op]);
    }
    return schema;
  }

  async function introspect(): Promise<Schema> {
    return mysqlDialect.introspect(test.db);
  }

  it('reads back a table of every portable type as the model says', async () => {
    const model = await run(FIXTURE);
    const schema = await introspect();
    expect(withoutCheckExpressions(canonicalSchema(schema))).toEqual(expected(model));
    const posts = schema.tables.find((t) => t.name === 'posts');
    expect(posts?.checks).toEqual([{ name: 'chk_posts_price', expression: '`price` >= 0' }]);
    expect(posts?.columns.map((c) => `${c.name} ${c.type}`)).toMatchInlineSnapshot(`
[
  "id bigint",
  "author_id integer",
  "editor_id integer",
  "slug string(80)",
  "title string(200)",
  "published boolean",
  "views integer",
  "rank smallint",
  "body text",
  "price decimal(10,2)",
  "weight decimal(10,0)",
  "ratio float",
  "score double",
  "day date",
  "starts time",
  "created_at timestamp",
  "seen_at timestamptz",
  "token uuid",
  "meta json",
  "extra json",
  "blob binary",
  "status enum(draft,in review,published)",
]
`);
  });

  it('keeps hostile names exactly, through quoting, escaping and renames', async () => {
    const model = await run(HOSTILE);
    const schema = await introspect();
    expect(withoutCheckExpressions(canonicalSchema(schema))).toEqual(expected(model));
    expect(schema.tables.map((t) => t.name).sort()).toEqual([HOSTILE_PARENT, HOSTILE_TABLE].sort());
    const table = schema.tables.find((t) => t.name === HOSTILE_TABLE);
    expect(table?.columns.map((c) => c.name)).toEqual(['select', 'order', 'Table `2`', 'a b;c--d', 'naïve `col`', 'da`ta']);
    expect(table?.columns.find((c) => c.name === 'da`ta')?.type).toBe('json');
    expect(table?.checks.map((c) => c.name)).toEqual(['check; `select`']);
    expect(table?.indexes.map((i) => i.name)).toEqual(['idx `--; ☃']);
    expect(table?.foreignKeys.map((f) => f.name)).toEqual(['fk_we`ird ☃ table_naïve `col`_pa`rent; DROP TABLE x; --']);
  });

  it('reads MariaDB json as json, without its automatic check', async () => {
    await test.db.exec('CREATE TABLE docs (id int NOT NULL PRIMARY KEY, body json NOT NULL, note longtext NULL, CONSTRAINT body_ok CHECK (json_length(body) > 0))');
    const [docs] = (await introspect()).tables;
    expect(docs?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['body', 'json'],
      ['note', 'text'],
    ]);
    expect(docs?.checks.map((c) => c.name)).toEqual(['body_ok']);
  });

  it('reads actions, with RESTRICT and NO ACTION as none given, and ON UPDATE', async () => {
    await test.db.exec('CREATE TABLE p (id int NOT NULL PRIMARY KEY)');
    await test.db.exec(`CREATE TABLE c (
      a int, b int, d int, e int,
      CONSTRAINT fk_a FOREIGN KEY (a) REFERENCES p (id),
      CONSTRAINT fk_b FOREIGN KEY (b) REFERENCES p (id) ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT fk_d FOREIGN KEY (d) REFERENCES p (id) ON DELETE SET NULL ON UPDATE CASCADE,
      CONSTRAINT fk_e FOREIGN KEY (e) REFERENCES p (id) ON DELETE NO ACTION)`);
    const c = (await introspect()).tables.find((t) => t.name === 'c');
    expect(c?.foreignKeys).toEqual([
      { name: 'fk_a', columns: ['a'], refTable: 'p', refColumns: ['id'] },
      { name: 'fk_b', columns: ['b'], refTable: 'p', refColumns: ['id'] },
      { name: 'fk_d', columns: ['d'], refTable: 'p', refColumns: ['id'], onDelete: 'set null', onUpdate: 'cascade' },
      { name: 'fk_e', columns: ['e'], refTable: 'p', refColumns: ['id'] },
    ]);
    expect(c?.indexes).toEqual([]);
  });

  it('reads defaults written in any form the server accepts', async () => {
    await test.db.exec(`CREATE TABLE d (
      a varchar(10) NULL DEFAULT 'NULL', b varchar(10) NULL DEFAULT NULL, c varchar(10) NULL,
      e date NULL DEFAULT (curdate()), f datetime NULL DEFAULT now(), g int NULL DEFAULT (1 + 1),
      h tinyint(1) NOT NULL DEFAULT 0, i text NULL DEFAULT 'x''y\\\\z')`);
    const [d] = (await introspect()).tables;
    expect(Object.fromEntries((d?.columns ?? []).map((c) => [c.name, c.default ?? null]))).toMatchInlineSnapshot(`
{
  "a": "NULL",
  "b": null,
  "c": null,
  "e": {
    "sql": "CURRENT_DATE",
  },
  "f": {
    "sql": "CURRENT_TIMESTAMP",
  },
  "g": {
    "sql": "1 + 1",
  },
  "h": false,
  "i": "x'y\\z",
}
`);
  });

  it('reports only base tables, with statistics', async () => {
    await run(FIXTURE.slice(0, 1));
    await test.db.exec(`INSERT INTO authors (name) VALUES ('a'), ('b')`);
    await test.db.exec('ANALYZE TABLE authors');
    await test.db.exec('CREATE VIEW v AS SELECT id FROM authors');
    const schema = await introspect();
    expect(schema.tables.map((t) => t.name)).toEqual(['authors']);
    const stats = schema.tables[0]?.stats;
    expect(stats?.basis).toBe('information_schema.TABLES');
    expect(stats?.rows).toBe(2);
    expect(stats?.bytes).toBeGreaterThan(0);
  });

  it.each([
    ['int unsigned', 'int(10) unsigned'],
    ['year', 'year(4)'],
    [`set('a','b')`, `set('a','b')`],
    ['varbinary(16)', 'varbinary(16)'],
    ['tinyint', 'tinyint(4)'],
    ['char(10)', 'char(10)'],
    ['datetime NULL ON UPDATE CURRENT_TIMESTAMP', 'ON UPDATE current_timestamp()'],
    ['int GENERATED ALWAYS AS (1) VIRTUAL', 'a generated value'],
  ])('refuses a column of %s, naming the table, column and type', async (definition, shown) => {
    await test.db.exec(`CREATE TABLE odd (id int NOT NULL PRIMARY KEY, thing ${definition})`);
    const error = await introspect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigError);
    expect((error as MigError).message).toContain(`column odd.thing has ${definition.includes('GENERATED') || definition.includes('UPDATE') ? '' : 'type '}${shown}`);
    expect((error as MigError).message).toContain('--schema-from');
  });
});
