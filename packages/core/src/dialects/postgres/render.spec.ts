import { MigError } from '../../errors';
import { applyOperation } from '../../model/apply';
import { OPERATION_KINDS, type Operation } from '../../model/operations';
import { type Column, type DefaultValue, type Schema, canonicalSchema, emptySchema } from '../../model/schema';
import { type TestDatabase, openTestDatabase, describeTargets } from '../../testing/databases';
import { enumTypeName, postgresDialect } from './render';

const HOSTILE = [
  'we"ird',
  'semi;colon',
  'dash--dash',
  'with space',
  'café',
  '日本',
  'user',
  'order',
  'select',
  'table',
  'Mixed',
  '1st',
  'x"; DROP TABLE users; --',
];

/** The statements of one operation as a script, for snapshots that read like SQL. */
function sql(op: Operation, schema?: Schema): string {
  const statements = postgresDialect.render(op, schema ? { schema } : {});
  expect(statements.every((s) => s.transactional)).toBe(true);
  return statements.map((s) => `${s.sql};`).join('\n');
}

/** users(id identity pk, email, status enum default, score default 0, nickname unique) and orders → users. */
const base: Schema = [
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'status', type: 'enum(active,banned)', nullable: false, default: 'active' },
      { name: 'score', type: 'integer', nullable: false, default: 0 },
      { name: 'nickname', type: 'string(40)', nullable: true, unique: true },
    ],
  },
  {
    kind: 'createTable',
    table: 'orders',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'user_id', type: 'bigint', nullable: false, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
    ],
  },
].reduce<Schema>((s, op) => applyOperation(s, op as Operation), emptySchema());

const withConstraintIndex: Schema = {
  tables: base.tables.map((t) =>
    t.name === 'users'
      ? { ...t, indexes: [...t.indexes, { name: 'users_email_key', columns: ['email'], unique: true, constraint: true }] }
      : t,
  ),
};

describe('quoteIdent', () => {
  it('leaves plain lower-case names bare', () => {
    expect(['users', 'created_at', '_x', 'a1'].map((n) => postgresDialect.quoteIdent(n))).toEqual([
      'users',
      'created_at',
      '_x',
      'a1',
    ]);
  });

  it('quotes keywords, case, punctuation and non-ASCII, doubling embedded quotes', () => {
    expect(HOSTILE.map((n) => postgresDialect.quoteIdent(n)).join('\n')).toMatchInlineSnapshot(`
""we""ird"
"semi;colon"
"dash--dash"
"with space"
"café"
"日本"
"user"
"order"
"select"
"table"
"Mixed"
"1st"
"x""; DROP TABLE users; --""
`);
  });

  it('refuses names PostgreSQL would cut short or cannot hold', () => {
    expect(() => postgresDialect.quoteIdent('a'.repeat(64))).toThrow(/64 bytes long and PostgreSQL would cut it to 63; pick a shorter name/);
    expect(() => postgresDialect.quoteIdent('é'.repeat(32))).toThrow(MigError);
    expect(postgresDialect.quoteIdent('a'.repeat(63))).toBe('a'.repeat(63));
    expect(() => postgresDialect.quoteIdent('')).toThrow(MigError);
    expect(() => postgresDialect.quoteIdent('a\0b')).toThrow(MigError);
  });
});

describe('renderType and renderValue', () => {
  it('maps every portable type', () => {
    const types = [
      'boolean', 'integer', 'bigint', 'smallint', 'string(40)', 'text', 'decimal(10,2)', 'decimal', 'float',
      'double', 'date', 'time', 'timestamp', 'timestamptz', 'uuid', 'json', 'jsonb', 'binary',
    ];
    expect(Object.fromEntries(types.map((t) => [t, postgresDialect.renderType(t)]))).toMatchInlineSnapshot(`
{
  "bigint": "bigint",
  "binary": "bytea",
  "boolean": "boolean",
  "date": "date",
  "decimal": "numeric",
  "decimal(10,2)": "numeric(10,2)",
  "double": "double precision",
  "float": "real",
  "integer": "integer",
  "json": "json",
  "jsonb": "jsonb",
  "smallint": "smallint",
  "string(40)": "varchar(40)",
  "text": "text",
  "time": "time",
  "timestamp": "timestamp",
  "timestamptz": "timestamptz",
  "uuid": "uuid",
}
`);
    expect(postgresDialect.renderType('enum(a,b)', 'posts_state')).toBe('posts_state');
    expect(() => postgresDialect.renderType('enum(a,b)')).toThrow(MigError);
  });

  it('renders literals escaped and expressions as given', () => {
    const values = [null, true, false, 0, -1.5, "it's", 'back\\slash', { sql: 'CURRENT_TIMESTAMP' }, { sql: 'CURRENT_DATE' }];
    expect(values.map((v) => postgresDialect.renderValue(v)).join('\n')).toMatchInlineSnapshot(`
"NULL
true
false
0
-1.5
'it''s'
E'back\\\\slash'
CURRENT_TIMESTAMP
CURRENT_DATE"
`);
    expect(() => postgresDialect.renderValue(Number.NaN)).toThrow(MigError);
    expect(() => postgresDialect.renderValue('a\0')).toThrow(MigError);
  });

  it('fits enum type names to 63 bytes', () => {
    expect(enumTypeName('posts', 'state')).toBe('posts_state');
    expect(Buffer.byteLength(enumTypeName('日本'.repeat(10), 'état'.repeat(5)))).toBeLessThanOrEqual(63);
    expect(enumTypeName('t'.repeat(40), 'c'.repeat(40))).toHaveLength(63);
  });
});

describe('render', () => {
  it('createTable', () => {
    const op: Operation = {
      kind: 'createTable',
      table: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'email', type: 'string(255)', nullable: false, unique: true },
        { name: 'status', type: 'enum(active,banned)', nullable: false, default: 'active' },
        { name: 'bio', type: 'text', nullable: true, default: "it's" },
        { name: 'created_at', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
        {
          name: 'team_id',
          type: 'integer',
          nullable: true,
          references: { table: 'teams', column: 'id', onDelete: 'set null' },
        },
      ],
    };
    expect(sql(op)).toMatchInlineSnapshot(`
"CREATE TYPE users_status AS ENUM ('active', 'banned');
CREATE TABLE users (
  id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
  email varchar(255) NOT NULL,
  status users_status NOT NULL DEFAULT 'active',
  bio text DEFAULT 'it''s',
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  team_id integer,
  PRIMARY KEY (id),
  CONSTRAINT fk_users_team_id_teams FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX idx_users_email_unique ON users (email);"
`);
  });

  it('createTable with names that need quoting and a composite key', () => {
    const op: Operation = {
      kind: 'createTable',
      table: 'order',
      columns: [
        { name: 'user', type: 'integer', nullable: false, primaryKey: true },
        { name: 'Line No', type: 'integer', nullable: false, primaryKey: true },
        { name: 'we"ird', type: 'enum(a,b c)', nullable: true, unique: true },
        { name: 'select', type: 'bigint', nullable: false, references: { table: 'table', column: 'id' } },
      ],
    };
    expect(sql(op)).toMatchInlineSnapshot(`
"CREATE TYPE "order_we""ird" AS ENUM ('a', 'b c');
CREATE TABLE "order" (
  "user" integer NOT NULL,
  "Line No" integer NOT NULL,
  "we""ird" "order_we""ird",
  "select" bigint NOT NULL,
  PRIMARY KEY ("user", "Line No"),
  CONSTRAINT fk_order_select_table FOREIGN KEY ("select") REFERENCES "table" (id)
);
CREATE UNIQUE INDEX "idx_order_we""ird_unique" ON "order" ("we""ird");"
`);
  });

  it('dropTable, dropping the enum types its columns used', () => {
    expect(sql({ kind: 'dropTable', table: 'users' }, base)).toMatchInlineSnapshot(`
"DROP TABLE users;
DROP TYPE IF EXISTS users_status;"
`);
    expect(sql({ kind: 'dropTable', table: 'users' })).toMatchInlineSnapshot(`"DROP TABLE users;"`);
    expect(sql({ kind: 'dropTable', table: 'User Accounts' })).toMatchInlineSnapshot(`"DROP TABLE "User Accounts";"`);
  });

  it('renameTable, keeping enum type names in step', () => {
    expect(sql({ kind: 'renameTable', from: 'orders', to: 'purchases' }, base)).toMatchInlineSnapshot(`"ALTER TABLE orders RENAME TO purchases;"`);
    expect(sql({ kind: 'renameTable', from: 'users', to: 'user' }, base)).toMatchInlineSnapshot(`
"ALTER TABLE users RENAME TO "user";
DO $mig$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typname = 'users_status' AND n.nspname = current_schema()) THEN
    ALTER TYPE users_status RENAME TO user_status;
  END IF;
END
$mig$;"
`);
  });

  it('addColumn', () => {
    const add = (table: string, column: Column): Operation => ({ kind: 'addColumn', table, column });
    expect(sql(add('users', { name: 'email_verified', type: 'boolean', nullable: false, default: false }))).toMatchInlineSnapshot(`"ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;"`);
    expect(
      sql(add('user', { name: 'Role', type: 'enum(admin,member)', nullable: false, default: 'member', unique: true })),
    ).toMatchInlineSnapshot(`
"CREATE TYPE "user_Role" AS ENUM ('admin', 'member');
ALTER TABLE "user" ADD COLUMN "Role" "user_Role" NOT NULL DEFAULT 'member';
CREATE UNIQUE INDEX "idx_user_Role_unique" ON "user" ("Role");"
`);
    expect(
      sql(add('orders', { name: 'coupon_id', type: 'bigint', nullable: true, references: { table: 'coupons', column: 'id' } })),
    ).toMatchInlineSnapshot(`
"ALTER TABLE orders ADD COLUMN coupon_id bigint;
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon_id_coupons FOREIGN KEY (coupon_id) REFERENCES coupons (id);"
`);
    expect(
      sql(add('events', { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true })),
    ).toMatchInlineSnapshot(`"ALTER TABLE events ADD COLUMN id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL PRIMARY KEY;"`);
  });

  it('dropColumn', () => {
    expect(sql({ kind: 'dropColumn', table: 'users', column: 'score' }, base)).toMatchInlineSnapshot(`"ALTER TABLE users DROP COLUMN score;"`);
    expect(sql({ kind: 'dropColumn', table: 'users', column: 'status' }, base)).toMatchInlineSnapshot(`
"ALTER TABLE users DROP COLUMN status;
DROP TYPE IF EXISTS users_status;"
`);
    expect(sql({ kind: 'dropColumn', table: 'table', column: 'user' })).toMatchInlineSnapshot(`"ALTER TABLE "table" DROP COLUMN "user";"`);
  });

  it('renameColumn', () => {
    expect(sql({ kind: 'renameColumn', table: 'users', from: 'score', to: 'points' }, base)).toMatchInlineSnapshot(`"ALTER TABLE users RENAME COLUMN score TO points;"`);
    expect(sql({ kind: 'renameColumn', table: 'users', from: 'status', to: 'select' }, base)).toMatchInlineSnapshot(`
"ALTER TABLE users RENAME COLUMN status TO "select";
DO $mig$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typname = 'users_status' AND n.nspname = current_schema()) THEN
    ALTER TYPE users_status RENAME TO users_select;
  END IF;
END
$mig$;"
`);
  });

  it('alterColumnType, restoring the default in the new type', () => {
    const alter = (table: string, column: string, type: string): Operation => ({ kind: 'alterColumnType', table, column, type });
    expect(sql(alter('users', 'email', 'text'), base)).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN email TYPE text;"`);
    expect(sql(alter('users', 'score', 'bigint'), base)).toMatchInlineSnapshot(`
"ALTER TABLE users ALTER COLUMN score DROP DEFAULT;
ALTER TABLE users ALTER COLUMN score TYPE bigint USING score::bigint;
ALTER TABLE users ALTER COLUMN score SET DEFAULT 0;"
`);
    expect(sql(alter('users', 'score', 'string(10)'), base)).toMatchInlineSnapshot(`
"ALTER TABLE users ALTER COLUMN score DROP DEFAULT;
ALTER TABLE users ALTER COLUMN score TYPE varchar(10);
ALTER TABLE users ALTER COLUMN score SET DEFAULT '0';"
`);
    expect(sql(alter('Order', 'Total', 'decimal(12,2)'))).toMatchInlineSnapshot(`"ALTER TABLE "Order" ALTER COLUMN "Total" TYPE numeric(12,2) USING "Total"::numeric(12,2);"`);
  });

  it('alterColumnType to, from and between enums', () => {
    const alter = (column: string, type: string): Operation => ({ kind: 'alterColumnType', table: 'users', column, type });
    expect(sql(alter('email', 'enum(a,b)'), base)).toMatchInlineSnapshot(`
"CREATE TYPE users_email AS ENUM ('a', 'b');
ALTER TABLE users ALTER COLUMN email TYPE users_email USING email::text::users_email;"
`);
    expect(sql(alter('status', 'text'), base)).toMatchInlineSnapshot(`
"ALTER TABLE users ALTER COLUMN status DROP DEFAULT;
ALTER TABLE users ALTER COLUMN status TYPE text USING status::text;
DROP TYPE IF EXISTS users_status;
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';"
`);
    expect(sql(alter('status', 'enum(active,banned,deleted)'), base)).toMatchInlineSnapshot(`
"ALTER TABLE users ALTER COLUMN status DROP DEFAULT;
DO $mig$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typname = 'users_status' AND n.nspname = current_schema()) THEN
    ALTER TYPE users_status RENAME TO users_status_old;
  END IF;
END
$mig$;
CREATE TYPE users_status AS ENUM ('active', 'banned', 'deleted');
ALTER TABLE users ALTER COLUMN status TYPE users_status USING status::text::users_status;
DROP TYPE IF EXISTS users_status_old;
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';"
`);
    expect(sql(alter('status', 'enum(on,off)'), base)).toMatchInlineSnapshot(`
"ALTER TABLE users ALTER COLUMN status DROP DEFAULT;
DO $mig$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typname = 'users_status' AND n.nspname = current_schema()) THEN
    ALTER TYPE users_status RENAME TO users_status_old;
  END IF;
END
$mig$;
CREATE TYPE users_status AS ENUM ('on', 'off');
ALTER TABLE users ALTER COLUMN status TYPE users_status USING status::text::users_status;
DROP TYPE IF EXISTS users_status_old;"
`);
  });

  it('setNotNull and dropNotNull', () => {
    expect(sql({ kind: 'setNotNull', table: 'users', column: 'nickname' })).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;"`);
    expect(sql({ kind: 'dropNotNull', table: 'select', column: 'Nick Name' })).toMatchInlineSnapshot(`"ALTER TABLE "select" ALTER COLUMN "Nick Name" DROP NOT NULL;"`);
  });

  it('setDefault and dropDefault', () => {
    const set = (column: string, value: DefaultValue): Operation => ({ kind: 'setDefault', table: 'users', column, default: value });
    expect(sql(set('score', 10))).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN score SET DEFAULT 10;"`);
    expect(sql(set('bio', "O'Brien \\ co"))).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN bio SET DEFAULT E'O''Brien \\\\ co';"`);
    expect(sql(set('seen', { sql: 'CURRENT_TIMESTAMP' }))).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN seen SET DEFAULT CURRENT_TIMESTAMP;"`);
    expect(sql({ kind: 'dropDefault', table: 'user', column: 'order' })).toMatchInlineSnapshot(`"ALTER TABLE "user" ALTER COLUMN "order" DROP DEFAULT;"`);
  });

  it('createIndex and dropIndex, dropping a constraint-backed index with its constraint', () => {
    const create = (table: string, columns: string[], unique: boolean, name: string): Operation => ({
      kind: 'createIndex',
      table,
      columns,
      unique,
      name,
    });
    expect(sql(create('users', ['email', 'status'], true, 'idx_users_email_status_unique'))).toMatchInlineSnapshot(`"CREATE UNIQUE INDEX idx_users_email_status_unique ON users (email, status);"`);
    expect(sql(create('user', ['Created At'], false, 'Idx'))).toMatchInlineSnapshot(`"CREATE INDEX "Idx" ON "user" ("Created At");"`);
    expect(sql({ kind: 'dropIndex', name: 'idx_users_nickname_unique' }, base)).toMatchInlineSnapshot(`"DROP INDEX idx_users_nickname_unique;"`);
    expect(sql({ kind: 'dropIndex', name: 'users_email_key' }, withConstraintIndex)).toMatchInlineSnapshot(`"ALTER TABLE users DROP CONSTRAINT users_email_key;"`);
    expect(sql({ kind: 'dropIndex', name: 'users_email_key', table: 'users' }, withConstraintIndex)).toMatchInlineSnapshot(`"ALTER TABLE users DROP CONSTRAINT users_email_key;"`);
    expect(sql({ kind: 'dropIndex', name: 'select' })).toMatchInlineSnapshot(`"DROP INDEX "select";"`);
  });

  it('addForeignKey and dropForeignKey', () => {
    const cascade: Operation = {
      kind: 'addForeignKey',
      table: 'orders',
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'cascade',
      name: 'fk_orders_user_id_users',
    };
    const quoted: Operation = {
      kind: 'addForeignKey',
      table: 'order',
      columns: ['a', 'B'],
      refTable: 'user',
      refColumns: ['x', 'Y'],
      name: 'fk;x',
    };
    expect(sql(cascade)).toMatchInlineSnapshot(`"ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;"`);
    expect(sql(quoted)).toMatchInlineSnapshot(`"ALTER TABLE "order" ADD CONSTRAINT "fk;x" FOREIGN KEY (a, "B") REFERENCES "user" (x, "Y");"`);
    expect(sql({ kind: 'dropForeignKey', table: 'orders', name: 'fk_orders_user_id_users' })).toMatchInlineSnapshot(`"ALTER TABLE orders DROP CONSTRAINT fk_orders_user_id_users;"`);
  });

  it('addCheck and dropCheck', () => {
    expect(sql({ kind: 'addCheck', table: 'users', name: 'chk_users_score', expression: 'score >= 0' })).toMatchInlineSnapshot(`"ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0);"`);
    expect(sql({ kind: 'dropCheck', table: 'table', name: 'Check Me' })).toMatchInlineSnapshot(`"ALTER TABLE "table" DROP CONSTRAINT "Check Me";"`);
  });

  it('backfill', () => {
    expect(sql({ kind: 'backfill', table: 'users', set: { score: 0, nickname: null } })).toMatchInlineSnapshot(`"UPDATE users SET score = 0, nickname = NULL;"`);
    const quoted: Operation = {
      kind: 'backfill',
      table: 'user',
      set: { 'Full Name': "O'Brien", seen: { sql: 'CURRENT_TIMESTAMP' } },
      where: '"Full Name" IS NULL',
    };
    expect(sql(quoted)).toMatchInlineSnapshot(`"UPDATE "user" SET "Full Name" = 'O''Brien', seen = CURRENT_TIMESTAMP WHERE "Full Name" IS NULL;"`);
    expect(() => sql({ kind: 'backfill', table: 'users', set: {} })).toThrow(/sets no columns/);
  });

  it('sql', () => {
    expect(sql({ kind: 'sql', up: '  CREATE EXTENSION IF NOT EXISTS pgcrypto  ', down: 'DROP EXTENSION pgcrypto' })).toMatchInlineSnapshot(`"CREATE EXTENSION IF NOT EXISTS pgcrypto;"`);
    expect(() => sql({ kind: 'sql', up: ' ' })).toThrow(MigError);
  });

  it('refuses an identity column that is not an integer or has a default', () => {
    const op = (column: Partial<Column>): Operation => ({
      kind: 'addColumn',
      table: 't',
      column: { name: 'id', type: 'integer', nullable: false, autoIncrement: true, ...column },
    });
    expect(() => sql(op({ type: 'text' }))).toThrow(/must be integer, bigint or smallint without a default/);
    expect(() => sql(op({ default: 1 }))).toThrow(MigError);
  });
});

describe('canonicalTable', () => {
  it('makes key and identity columns NOT NULL and types literal defaults by column', () => {
    const table = applyOperation(emptySchema(), {
      kind: 'createTable',
      table: 't',
      columns: [
        { name: 'id', type: 'integer', nullable: true, primaryKey: true, autoIncrement: true },
        { name: 'code', type: 'text', nullable: true, default: 5 },
        { name: 'n', type: 'decimal(10,2)', nullable: true, default: '1.50' },
        { name: 'on', type: 'boolean', nullable: true, default: 'yes' },
        { name: 'at', type: 'timestamptz', nullable: true, default: { sql: 'now()' } },
      ],
    }).tables[0]!;
    expect(postgresDialect.canonicalTable(table).columns).toEqual([
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'code', type: 'text', nullable: true, default: '5' },
      { name: 'n', type: 'decimal(10,2)', nullable: true, default: 1.5 },
      { name: 'on', type: 'boolean', nullable: true, default: true },
      { name: 'at', type: 'timestamptz', nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } },
    ]);
  });
});

/** Every operation kind, in an order where each one applies to the schema the previous ones left. */
const EVERY_KIND: Operation[] = [
  {
    kind: 'createTable',
    table: 'teams',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'name', type: 'string(80)', nullable: false, unique: true },
    ],
  },
  {
    kind: 'createTable',
    table: 'user',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'Email', type: 'string(255)', nullable: false },
      { name: 'status', type: 'enum(active,banned)', nullable: false, default: 'active' },
      { name: 'score', type: 'integer', nullable: false, default: 0 },
      { name: 'team_id', type: 'integer', nullable: true, references: { table: 'teams', column: 'id', onDelete: 'set null' } },
    ],
  },
  { kind: 'sql', up: `INSERT INTO "user" ("Email") VALUES ('ann.example'), ('bob.example')` },
  { kind: 'addColumn', table: 'user', column: { name: 'order', type: 'enum(low,high)', nullable: true, default: 'low' } },
  { kind: 'addColumn', table: 'user', column: { name: 'nick', type: 'string(40)', nullable: true, unique: true } },
  { kind: 'backfill', table: 'user', set: { nick: { sql: "'o''neil ' || id" }, score: 1 }, where: 'score = 0' },
  { kind: 'setNotNull', table: 'user', column: 'nick' },
  { kind: 'dropNotNull', table: 'user', column: 'nick' },
  { kind: 'setDefault', table: 'user', column: 'nick', default: 'anon' },
  { kind: 'dropDefault', table: 'user', column: 'nick' },
  { kind: 'renameColumn', table: 'user', from: 'order', to: 'priority' },
  { kind: 'alterColumnType', table: 'user', column: 'score', type: 'bigint' },
  { kind: 'alterColumnType', table: 'user', column: 'score', type: 'string(10)' },
  { kind: 'alterColumnType', table: 'user', column: 'status', type: 'enum(active,banned,deleted)' },
  { kind: 'alterColumnType', table: 'user', column: 'priority', type: 'text' },
  { kind: 'alterColumnType', table: 'user', column: 'Email', type: 'enum(ann.example,bob.example)' },
  { kind: 'alterColumnType', table: 'user', column: 'Email', type: 'text' },
  { kind: 'createIndex', table: 'user', columns: ['status', 'Email'], unique: false, name: 'idx_user_status_Email' },
  { kind: 'dropIndex', name: 'idx_user_status_Email' },
  { kind: 'addCheck', table: 'user', name: 'chk_user_score', expression: "score <> ''" },
  { kind: 'dropCheck', table: 'user', name: 'chk_user_score' },
  { kind: 'dropForeignKey', table: 'user', name: 'fk_user_team_id_teams' },
  {
    kind: 'addForeignKey',
    table: 'user',
    columns: ['team_id'],
    refTable: 'teams',
    refColumns: ['id'],
    onDelete: 'cascade',
    name: 'fk_user_team',
  },
  { kind: 'renameTable', from: 'user', to: 'members' },
  { kind: 'dropColumn', table: 'members', column: 'status' },
  { kind: 'dropColumn', table: 'members', column: 'nick' },
  { kind: 'createTable', table: 'scratch', columns: [{ name: 'state', type: 'enum(x,y)', nullable: true }] },
  { kind: 'dropTable', table: 'scratch' },
];

function withoutCheckExpressions(schema: Schema): Schema {
  return { tables: schema.tables.map((t) => ({ ...t, checks: t.checks.map((c) => ({ ...c, expression: '' })) })) };
}


describeTargets(['postgres', 'pglite'])('every operation kind on %s', (target) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(target);
  });
  afterAll(() => test.dispose());

  it('covers every kind', () => {
    expect([...new Set(EVERY_KIND.map((op) => op.kind))].sort()).toEqual([...OPERATION_KINDS].sort());
  });

  it('executes each rendered operation and reads back the schema the model predicts', async () => {
    let schema = emptySchema();
    for (const op of EVERY_KIND) {
      for (const s of postgresDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperation(schema, op);
      const expected = canonicalSchema({ tables: schema.tables.map((t) => postgresDialect.canonicalTable(t)) });
      const actual = canonicalSchema(await postgresDialect.introspect(test.db));
      expect({ op: op.kind, schema: withoutCheckExpressions(actual) }).toEqual({
        op: op.kind,
        schema: withoutCheckExpressions(expected),
      });
    }
    const types = await test.db.query<{ typname: string }>(
      `SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = current_schema() AND t.typtype = 'e' ORDER BY 1`,
    );
    expect(types).toEqual([]);
  });
});
