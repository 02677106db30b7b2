import { MigError } from '../../errors';
import { applyOperation } from '../../model/apply';
import type { Operation } from '../../model/operations';
import { type Schema, type Table, canonicalSchema, emptySchema } from '../../model/schema';
import { parseType } from '../../model/types';
import { type TestDatabase, openTestDatabase, describeTargets } from '../../testing/databases';
import { readDefault } from './defaults';
import { postgresDialect } from './render';

describe('readDefault', () => {
  const read = (expression: string, type: string) => readDefault(expression, parseType(type));

  it('strips casts from literals and types the value by the column', () => {
    expect(read("'it''s'::character varying", 'string(10)')).toEqual({ default: "it's" });
    expect(read("'a\\b'::text", 'text')).toEqual({ default: 'a\\b' });
    expect(read("E'a\\\\b\\'c'::text", 'text')).toEqual({ default: "a\\b'c" });
    expect(read("'draft'::\"we\"\"ird\"", 'enum(draft,done)')).toEqual({ default: 'draft' });
    expect(read("'-1'::integer", 'integer')).toEqual({ default: -1 });
    expect(read("'-1.5'::numeric", 'decimal(10,2)')).toEqual({ default: -1.5 });
    expect(read("'9007199254740993'::bigint", 'bigint')).toEqual({ default: '9007199254740993' });
    expect(read('5', 'smallint')).toEqual({ default: 5 });
    expect(read('(-2.25)', 'double')).toEqual({ default: -2.25 });
    expect(read('true', 'boolean')).toEqual({ default: true });
    expect(read("'{}'::jsonb", 'jsonb')).toEqual({ default: '{}' });
    expect(read("'12:00:00'::time without time zone", 'time')).toEqual({ default: '12:00:00' });
  });

  it('reads sequences as generated columns and time functions under their SQL names', () => {
    expect(read("nextval('t_id_seq'::regclass)", 'integer')).toEqual({ autoIncrement: true });
    expect(read('now()', 'timestamptz')).toEqual({ default: { sql: 'CURRENT_TIMESTAMP' } });
    expect(read('CURRENT_TIMESTAMP', 'timestamp')).toEqual({ default: { sql: 'CURRENT_TIMESTAMP' } });
    expect(read('CURRENT_DATE', 'date')).toEqual({ default: { sql: 'CURRENT_DATE' } });
    expect(read('gen_random_uuid()', 'uuid')).toEqual({ default: { sql: 'gen_random_uuid()' } });
    expect(read('NULL::character varying', 'string(5)')).toEqual({});
    expect(read("'a'::text || 'b'::text", 'text')).toEqual({ default: { sql: "'a'::text || 'b'::text" } });
    expect(read("('x'::text)", 'text')).toEqual({ default: { sql: "('x'::text)" } });
  });
});

const HOSTILE_TABLE = 'x"; DROP TABLE users; --';
const HOSTILE_COLUMNS = ['we"ird', 'semi;colon', 'dash--dash', 'with space', 'café', '日本', 'user', 'order', 'select', 'table'];

/** A table for each portable type, default form and table-level part the model has. */
const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'parents',
    columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true }],
  },
  {
    kind: 'createTable',
    table: 'everything',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'flag', type: 'boolean', nullable: false, default: true },
      { name: 'i', type: 'integer', nullable: true, default: -1 },
      { name: 'big', type: 'bigint', nullable: false, default: '9007199254740993' },
      { name: 'small', type: 'smallint', nullable: true, default: 0 },
      { name: 'name', type: 'string(120)', nullable: false, default: "it's" },
      { name: 'body', type: 'text', nullable: true, default: 'back\\slash' },
      { name: 'price', type: 'decimal(10,2)', nullable: false, default: 9.99 },
      { name: 'ratio', type: 'decimal', nullable: true },
      { name: 'f', type: 'float', nullable: true, default: 1.5 },
      { name: 'd', type: 'double', nullable: true, default: -2.25 },
      { name: 'day', type: 'date', nullable: false, default: { sql: 'CURRENT_DATE' } },
      { name: 'at', type: 'time', nullable: true, default: '12:00:00' },
      { name: 'ts', type: 'timestamp', nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'tstz', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'uid', type: 'uuid', nullable: true },
      { name: 'doc', type: 'json', nullable: true, default: '{}' },
      { name: 'docb', type: 'jsonb', nullable: false, default: '[]' },
      { name: 'blob', type: 'binary', nullable: true },
      { name: 'state', type: 'enum(draft,in review,published)', nullable: false, default: 'draft' },
      { name: 'email', type: 'string(255)', nullable: true, unique: true },
      {
        name: 'parent_id',
        type: 'bigint',
        nullable: true,
        references: { table: 'parents', column: 'id', onDelete: 'cascade' },
      },
    ],
  },
  { kind: 'createIndex', table: 'everything', columns: ['name', 'state'], unique: true, name: 'idx_everything_name_state_unique' },
  { kind: 'createIndex', table: 'everything', columns: ['tstz'], unique: false, name: 'idx_everything_tstz' },
  { kind: 'addCheck', table: 'everything', name: 'chk_everything_price', expression: 'price >= 0' },
];

/** Tables, columns, an index, a foreign key, a check and an enum, all with names that need quoting. */
const HOSTILE: Operation[] = [
  {
    kind: 'createTable',
    table: 'user',
    columns: [{ name: 'Id', type: 'integer', nullable: false, primaryKey: true }],
  },
  {
    kind: 'createTable',
    table: HOSTILE_TABLE,
    columns: [
      ...HOSTILE_COLUMNS.map((name) => ({ name, type: 'text', nullable: true })),
      { name: 'état', type: 'enum(a,b)', nullable: false, default: 'a' },
      { name: 'owner', type: 'integer', nullable: true, references: { table: 'user', column: 'Id' } },
    ],
  },
  { kind: 'createIndex', table: HOSTILE_TABLE, columns: ['order', 'we"ird'], unique: true, name: 'idx "--; 日本' },
  { kind: 'addCheck', table: HOSTILE_TABLE, name: 'check; "select"', expression: `"select" <> 'x'` },
  { kind: 'renameColumn', table: HOSTILE_TABLE, from: 'table', to: 'Table "2"' },
];

function withoutCheckExpressions(schema: Schema): Schema {
  return { tables: schema.tables.map((t) => ({ ...t, checks: t.checks.map((c) => ({ ...c, expression: '' })) })) };
}

function expected(model: Schema): Schema {
  return withoutCheckExpressions(canonicalSchema({ tables: model.tables.map((t) => postgresDialect.canonicalTable(t)) }));
}


describeTargets(['postgres', 'pglite'])('introspectPostgres on %s', (target) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(target);
  });
  afterEach(() => test.dispose());

  /** Render and run operations in order, returning the model they build. */
  async function run(ops: Operation[]): Promise<Schema> {
    let schema = emptySchema();
    for (const op of ops) {
      for (const s of postgresDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperation(schema, op);
    }
    return schema;
  }

  async function read(): Promise<Schema> {
    return postgresDialect.introspect(test.db);
  }

  function table(schema: Schema, name: string): Table {
    const t = schema.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name} in ${schema.tables.map((x) => x.name).join(', ')}`);
    return t;
  }

  it('reads back every portable type, default, key, index, foreign key and check as the model has them', async () => {
    const model = await run(FIXTURE);
    const actual = await read();
    expect(withoutCheckExpressions(canonicalSchema(actual))).toEqual(expected(model));
    expect(table(actual, 'everything').checks).toEqual([{ name: 'chk_everything_price', expression: '(price >= (0)::numeric)' }]);
  });

  it('quotes and reads back hostile names exactly', async () => {
    const model = await run(HOSTILE);
    const actual = await read();
    expect(withoutCheckExpressions(canonicalSchema(actual))).toEqual(expected(model));
    const hostile = table(actual, HOSTILE_TABLE);
    expect(hostile.columns.map((c) => c.name)).toEqual([
      ...HOSTILE_COLUMNS.slice(0, -1),
      'Table "2"',
      'état',
      'owner',
    ]);
    expect(hostile.indexes).toEqual([{ name: 'idx "--; 日本', columns: ['order', 'we"ird'], unique: true }]);
    expect(hostile.checks.map((c) => c.name)).toEqual(['check; "select"']);
    expect(await test.db.query(`SELECT count(*)::int AS n FROM ${postgresDialect.quoteIdent(HOSTILE_TABLE)}`)).toEqual([{ n: 0 }]);
  });

  it('reads a UNIQUE constraint as a constraint-backed index and drops it with DROP CONSTRAINT', async () => {
    await test.db.exec('CREATE TABLE accounts (id integer PRIMARY KEY, email text, CONSTRAINT accounts_email_key UNIQUE (email))');
    const before = await read();
    expect(table(before, 'accounts').indexes).toEqual([
      { name: 'accounts_email_key', columns: ['email'], unique: true, constraint: true },
    ]);
    const drop = postgresDialect.render({ kind: 'dropIndex', name: 'accounts_email_key' }, { schema: before });
    expect(drop.map((s) => s.sql)).toEqual(['ALTER TABLE accounts DROP CONSTRAINT accounts_email_key']);
    for (const s of drop) await test.db.exec(s.sql);
    expect(table(await read(), 'accounts').indexes).toEqual([]);
  });

  it('maps serial, unbounded varchar, timestamp precision, generated columns and foreign key actions', async () => {
    await test.db.exec(`
      CREATE TABLE kinds (
        id serial PRIMARY KEY,
        label varchar,
        created timestamp(3) NOT NULL DEFAULT now(),
        updated timestamptz(0),
        moment time(0),
        twice integer GENERATED ALWAYS AS (id * 2) STORED,
        always bigint GENERATED ALWAYS AS IDENTITY
      )`);
    await test.db.exec(`
      CREATE TABLE refs (
        a integer REFERENCES kinds (id) ON DELETE SET NULL ON UPDATE CASCADE,
        b integer REFERENCES kinds (id) ON DELETE RESTRICT,
        c integer REFERENCES kinds (id)
      )`);
    const schema = await read();
    expect(table(schema, 'kinds').columns).toEqual([
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'label', type: 'text', nullable: true },
      { name: 'created', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'updated', type: 'timestamptz', nullable: true },
      { name: 'moment', type: 'time', nullable: true },
      { name: 'twice', type: 'integer', nullable: true },
      { name: 'always', type: 'bigint', nullable: false, autoIncrement: true },
    ]);
    expect(table(schema, 'refs').foreignKeys).toEqual([
      { name: 'refs_a_fkey', columns: ['a'], refTable: 'kinds', refColumns: ['id'], onDelete: 'set null', onUpdate: 'cascade' },
      { name: 'refs_b_fkey', columns: ['b'], refTable: 'kinds', refColumns: ['id'], onDelete: 'restrict' },
      { name: 'refs_c_fkey', columns: ['c'], refTable: 'kinds', refColumns: ['id'] },
    ]);
  });

  it('reads composite keys in key order and leaves out expression and partial indexes', async () => {
    await test.db.exec('CREATE TABLE pairs (b integer, a integer, note text, PRIMARY KEY (b, a))');
    await test.db.exec('CREATE TABLE kids (x integer, y integer, FOREIGN KEY (y, x) REFERENCES pairs (b, a))');
    await test.db.exec('CREATE INDEX pairs_lower ON pairs (lower(note))');
    await test.db.exec('CREATE INDEX pairs_partial ON pairs (a) WHERE note IS NOT NULL');
    await test.db.exec('CREATE UNIQUE INDEX pairs_covering ON pairs (note, a) INCLUDE (b)');
    const schema = await read();
    expect(table(schema, 'pairs').primaryKey).toEqual(['b', 'a']);
    expect(table(schema, 'pairs').indexes).toEqual([{ name: 'pairs_covering', columns: ['note', 'a'], unique: true }]);
    expect(table(schema, 'kids').foreignKeys).toEqual([
      { name: 'kids_y_x_fkey', columns: ['y', 'x'], refTable: 'pairs', refColumns: ['b', 'a'] },
    ]);
  });

  it('names the table, column and type it has no portable type for', async () => {
    await test.db.exec('CREATE TABLE hosts (id integer, addr inet)');
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigError);
    expect((error as MigError).message).toMatch(/^cannot read hosts\.addr: PostgreSQL type inet has no portable mig type .*--schema-from/);
    await test.db.exec('DROP TABLE hosts');
    await test.db.exec('CREATE TABLE tags (names text[])');
    await expect(read()).rejects.toThrow(/tags\.names: PostgreSQL type text\[\]/);
    await test.db.exec('DROP TABLE tags');
    await test.db.exec('CREATE TABLE slots (at time with time zone)');
    await expect(read()).rejects.toThrow(/slots\.at: PostgreSQL type time with time zone/);
  });

  it('reads only the current schema', async () => {
    const other = `other_${Math.random().toString(36).slice(2, 10)}`;
    await test.db.exec('CREATE TABLE mine (id integer)');
    await test.db.exec(`CREATE SCHEMA ${other}`);
    try {
      await test.db.exec(`CREATE TABLE ${other}.theirs (id inet)`);
      expect((await read()).tables.map((t) => t.name)).toEqual(['mine']);
    } finally {
      await test.db.exec(`DROP SCHEMA ${other} CASCADE`);
    }
  });

  it('reports rows from pg_class.reltuples once analysed, and the total size', async () => {
    await test.db.exec('CREATE TABLE counted (id integer PRIMARY KEY, v text)');
    const fresh = table(await read(), 'counted').stats;
    expect(fresh).toEqual({ rows: null, bytes: expect.any(Number), basis: 'pg_class.reltuples' });
    await test.db.exec("INSERT INTO counted SELECT g, 'v' || g FROM generate_series(1, 250) g");
    await test.db.exec('ANALYZE counted');
    const analysed = table(await read(), 'counted').stats;
    expect(analysed?.rows).toBe(250);
    expect(analysed?.bytes).toBeGreaterThan(fresh?.bytes ?? 0);
  });
});
