import { isMigError } from '../../errors';
import { applyOperations } from '../../model/apply';
import type { Operation } from '../../model/operations';
import { emptySchema } from '../../model/schema';
import { type TestDatabase, openTestDatabase, selectedTargets } from '../../testing/databases';
import { expected, introspected, runStatements } from './__fixtures__/run';
import { sqliteDialect } from './render';

const describeSqlite = selectedTargets().includes('sqlite') ? describe : describe.skip;

/** A table with every portable type, defaults of each kind, a composite unique index, a cascading FK and a check. */
const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'owners',
    columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true }],
  },
  {
    kind: 'createTable',
    table: 'things',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'flag', type: 'boolean', nullable: false, default: false },
      { name: 'on', type: 'boolean', nullable: true, default: true },
      { name: 'qty', type: 'integer', nullable: false, default: 0 },
      { name: 'big', type: 'bigint', nullable: true, default: -42 },
      { name: 'small', type: 'smallint', nullable: true },
      { name: 'code', type: 'string(40)', nullable: false, default: "it's" },
      { name: 'body', type: 'text', nullable: true, default: '' },
      { name: 'price', type: 'decimal(10,2)', nullable: true, default: 9.99 },
      { name: 'amount', type: 'decimal', nullable: true },
      { name: 'ratio', type: 'float', nullable: true, default: 1.5 },
      { name: 'score', type: 'double', nullable: true, default: 1e21 },
      { name: 'born', type: 'date', nullable: true, default: '2000-01-01' },
      { name: 'at_time', type: 'time', nullable: true },
      { name: 'created', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'seen', type: 'timestamptz', nullable: true },
      { name: 'uid', type: 'uuid', nullable: true, unique: true },
      { name: 'doc', type: 'json', nullable: true, default: '{}' },
      { name: 'docb', type: 'jsonb', nullable: true },
      { name: 'data', type: 'binary', nullable: true },
      { name: 'status', type: 'enum(draft,in review,published)', nullable: false, default: 'draft' },
      { name: 'seed', type: 'double', nullable: true, default: { sql: 'random()' } },
      { name: 'owner_id', type: 'bigint', nullable: true, references: { table: 'owners', column: 'id', onDelete: 'cascade' } },
    ],
  },
  { kind: 'createIndex', table: 'things', columns: ['code', 'born'], unique: true, name: 'idx_things_code_born_unique' },
  { kind: 'addCheck', table: 'things', name: 'chk_things_qty', expression: 'qty >= 0' },
];

describeSqlite('introspectSqlite', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase('sqlite');
  });
  afterEach(() => t.dispose());

  async function apply(ops: Operation[]): Promise<void> {
    let schema = emptySchema();
    for (const op of ops) {
      await runStatements(t.db, sqliteDialect.render(op, { schema }));
      schema = applyOperations(schema, [op]);
    }
  }

  const introspect = () => sqliteDialect.introspect(t.db);
  const table = async (name: string) => (await introspect()).tables.find((x) => x.name === name);

  it('reads back what mig created: every portable type, defaults, keys, indexes, foreign keys and checks', async () => {
    await apply(FIXTURE);
    const model = applyOperations(emptySchema(), FIXTURE);
    expect(await introspected(t.db)).toEqual(expected(model));
    expect(sqliteDialect.canonicalTable(model.tables[0]!).columns[0]).toEqual({
      name: 'id',
      type: 'integer',
      nullable: false,
      primaryKey: true,
      autoIncrement: true,
    });
    const things = await table('things');
    expect(things?.checks).toEqual([{ name: 'chk_things_qty', expression: 'qty >= 0' }]);
    expect(things?.columns.find((c) => c.name === 'seed')?.default).toEqual({ sql: 'random()' });
    expect(things?.columns.find((c) => c.name === 'score')?.default).toBe(1e21);
  });

  it('leaves out SQLite internal tables, views, virtual tables and their shadow tables', async () => {
    await apply(FIXTURE.slice(0, 1));
    await t.db.exec('CREATE VIEW owner_ids AS SELECT id FROM owners');
    await t.db.exec('CREATE VIRTUAL TABLE notes USING fts5(body)');
    expect((await introspect()).tables.map((x) => x.name)).toEqual(['owners']);
  });

  it('reports row counts and sizes', async () => {
    await apply(FIXTURE.slice(0, 1));
    await t.db.exec('INSERT INTO owners (id) VALUES (1), (2), (3)');
    const stats = (await table('owners'))?.stats;
    expect(stats).toEqual({ rows: 3, bytes: expect.any(Number), basis: 'count(*)' });
    expect(stats?.bytes).toBeGreaterThan(0);
  });

  describe('tables mig did not create', () => {
    it('names unnamed constraints as mig would, and reads UNIQUE constraints as constraint indexes', async () => {
      await t.db.exec('CREATE TABLE parent (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (b, a))');
      await t.db.exec(`CREATE TABLE child (
        id INTEGER PRIMARY KEY,
        pa INT, pb INT,
        solo INT REFERENCES parent ON UPDATE CASCADE,
        email TEXT UNIQUE,
        nick TEXT CHECK (length(nick) > 1),
        CONSTRAINT uq_pair UNIQUE (pa, pb),
        FOREIGN KEY (pb, pa) REFERENCES parent (b, a) ON DELETE SET NULL,
        CONSTRAINT fk_named FOREIGN KEY (pa, pb) REFERENCES parent (a, b),
        CHECK (pa <> pb)
      )`);
      const child = await table('child');
      expect(child?.primaryKey).toEqual(['id']);
      expect(child?.columns[0]).toEqual({ name: 'id', type: 'integer', nullable: false, primaryKey: true });
      expect(child?.indexes).toEqual([
        { name: 'idx_child_email_unique', columns: ['email'], unique: true, constraint: true },
        { name: 'uq_pair', columns: ['pa', 'pb'], unique: true, constraint: true },
      ]);
      expect(child?.foreignKeys).toEqual([
        { name: 'fk_child_solo_parent', columns: ['solo'], refTable: 'parent', refColumns: ['b', 'a'], onUpdate: 'cascade' },
        { name: 'fk_child_pb_pa_parent', columns: ['pb', 'pa'], refTable: 'parent', refColumns: ['b', 'a'], onDelete: 'set null' },
        { name: 'fk_named', columns: ['pa', 'pb'], refTable: 'parent', refColumns: ['a', 'b'] },
      ]);
      expect(child?.checks).toEqual([
        { name: 'chk_child_1', expression: 'length(nick) > 1' },
        { name: 'chk_child_2', expression: 'pa <> pb' },
      ]);
      expect((await table('parent'))?.primaryKey).toEqual(['b', 'a']);
    });

    it('maps common declared types and default spellings', async () => {
      await t.db.exec(`CREATE TABLE legacy (
        a INT DEFAULT '7', b BOOL DEFAULT TRUE, c bool DEFAULT 'false', d varchar ( 12 ) DEFAULT 5,
        e NUMERIC(8) DEFAULT NULL, f timestamp DEFAULT current_timestamp, g DOUBLE PRECISION DEFAULT (1 + 1),
        h CLOB, i TIMESTAMP WITH TIME ZONE, j VARCHAR DEFAULT 'x''y', k INT8 DEFAULT 9007199254740993
      )`);
      expect((await table('legacy'))?.columns).toEqual([
        { name: 'a', type: 'integer', nullable: true, default: 7 },
        { name: 'b', type: 'boolean', nullable: true, default: true },
        { name: 'c', type: 'boolean', nullable: true, default: false },
        { name: 'd', type: 'string(12)', nullable: true, default: '5' },
        { name: 'e', type: 'decimal(8,0)', nullable: true },
        { name: 'f', type: 'timestamp', nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } },
        { name: 'g', type: 'double', nullable: true, default: { sql: '1 + 1' } },
        { name: 'h', type: 'text', nullable: true },
        { name: 'i', type: 'timestamptz', nullable: true },
        { name: 'j', type: 'text', nullable: true, default: "x'y" },
        { name: 'k', type: 'bigint', nullable: true, default: '9007199254740993' },
      ]);
    });

    it('reads an enum-like check as enum only when it is the unnamed column check mig writes', async () => {
      await t.db.exec(`CREATE TABLE e (
        a TEXT CHECK (a IN ('x', 'y')),
        b TEXT CONSTRAINT named CHECK (b IN ('x', 'y')),
        c VARCHAR(5) CHECK (c IN ('x', 'y')),
        d TEXT CHECK (d IN ('x,y', 'z')),
        e TEXT CHECK (a IN ('x'))
      )`);
      const e = await table('e');
      expect(e?.columns.map((c) => c.type)).toEqual(['enum(x,y)', 'text', 'string(5)', 'text', 'text']);
      expect(e?.checks.map((c) => c.name)).toEqual(['named', 'chk_e_1', 'chk_e_2', 'chk_e_3']);
    });

    it('leaves out partial and expression indexes', async () => {
      await t.db.exec('CREATE TABLE p (a INT, b INT)');
      await t.db.exec('CREATE INDEX p_partial ON p (a) WHERE a > 0');
      await t.db.exec('CREATE INDEX p_expr ON p (a + b)');
      await t.db.exec('CREATE INDEX p_plain ON p (b DESC, a)');
      expect((await table('p'))?.indexes).toEqual([{ name: 'p_plain', columns: ['b', 'a'], unique: false }]);
    });

    it('refuses a declared type it does not know, naming table, column and type', async () => {
      await t.db.exec('CREATE TABLE odd (id INTEGER, shape GEOMETRY)');
      let error: unknown;
      try {
        await introspect();
      } catch (e) {
        error = e;
      }
      expect(isMigError(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^table odd column shape has declared type "GEOMETRY", which mig does not map to a portable type; declare it as one of VARCHAR\(n\), DECIMAL\(p,s\), BOOLEAN, /,
      );
    });

    it('refuses a table without declared types and one with generated columns', async () => {
      await t.db.exec('CREATE TABLE untyped (a)');
      await expect(introspect()).rejects.toThrow(/table untyped column a has declared type ""/);
      await t.db.exec('DROP TABLE untyped');
      await t.db.exec('CREATE TABLE g (a INT, b INT AS (a * 2))');
      await expect(introspect()).rejects.toThrow('table g column b is a generated column');
    });
  });
});
