import { MigError } from '../../errors';
import { applyOperation, applyOperations } from '../../model/apply';
import { OPERATION_KINDS, type Operation, type OperationKind } from '../../model/operations';
import { type Schema, canonicalSchema, emptySchema } from '../../model/schema';
import { type TestDatabase, openTestDatabase, describeTargets } from '../../testing/databases';
import { mysqlDialect } from './render';

/** The statements of one operation as a script, for snapshots that read like SQL. */
function sql(op: Operation, schema?: Schema): string {
  return mysqlDialect
    .render(op, schema ? { schema } : {})
    .map((s) => `${s.sql};`)
    .join('\n');
}

/**
 * users(id auto-increment pk, email, score, bio text, data json, nickname unique) and
 * orders(user_id → users on delete cascade, reviewer_id → users, total checked): reviewer_id has
 * no index of its own, so InnoDB keeps one named after its foreign key.
 */
const baseOperations: Operation[] = [
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'score', type: 'integer', nullable: false, default: 0 },
      { name: 'bio', type: 'text', nullable: true },
      { name: 'data', type: 'json', nullable: true },
      { name: 'nickname', type: 'string(40)', nullable: true, unique: true },
    ],
  },
  {
    kind: 'createTable',
    table: 'orders',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'user_id', type: 'bigint', nullable: false, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
      { name: 'reviewer_id', type: 'bigint', nullable: true, references: { table: 'users', column: 'id' } },
      { name: 'total', type: 'decimal(10,2)', nullable: false, default: 0 },
    ],
  },
  { kind: 'createIndex', table: 'orders', columns: ['user_id', 'total'], unique: false, name: 'idx_orders_user_total' },
  { kind: 'addCheck', table: 'orders', name: 'chk_orders_total', expression: 'total >= 0' },
];
const base: Schema = applyOperations(emptySchema(), baseOperations);

/** The SQL of operations run in order, each rendered against the schema the previous ones leave. */
function renderAll(schema: Schema, ops: Operation[]): string[] {
  return ops.flatMap((op, i) =>
    mysqlDialect.render(op, { schema: applyOperations(schema, ops.slice(0, i)) }).map((s) => s.sql),
  );
}

describe('quoteIdent', () => {
  it('leaves plain names bare, whatever their case', () => {
    expect(['users', 'createdAt', '_x', 'a1', 'Users_2'].map((n) => mysqlDialect.quoteIdent(n))).toEqual([
      'users',
      'createdAt',
      '_x',
      'a1',
      'Users_2',
    ]);
  });

  it('quotes reserved words, character-set introducers, punctuation and non-ASCII, doubling backticks', () => {
    const names = ['select', 'Order', 'key', 'table', '_utf8mb4', '_BINARY', 'a b', 'semi;colon', 'dash--dash', 'naïve', '1st', 'x`; DROP TABLE t; --'];
    expect(names.map((n) => mysqlDialect.quoteIdent(n)).join('\n')).toMatchInlineSnapshot(`
"\`select\`
\`Order\`
\`key\`
\`table\`
\`_utf8mb4\`
\`_BINARY\`
\`a b\`
\`semi;colon\`
\`dash--dash\`
\`naïve\`
\`1st\`
\`x\`\`; DROP TABLE t; --\`"
`);
  });

  it('refuses names MySQL cannot hold', () => {
    expect(() => mysqlDialect.quoteIdent('')).toThrow(MigError);
    expect(() => mysqlDialect.quoteIdent('a\0b')).toThrow(MigError);
    expect(() => mysqlDialect.quoteIdent('x'.repeat(65))).toThrow(/64 characters/);
    expect(mysqlDialect.quoteIdent('é'.repeat(64))).toBe(`\`${'é'.repeat(64)}\``);
  });
});

describe('renderValue', () => {
  it('doubles quotes and backslashes, so no value can end the literal whatever sql_mode is', () => {
    expect([`it's`, 'back\\slash', `\\'; DROP TABLE t; --`, '日本'].map((v) => mysqlDialect.renderValue(v)).join('\n')).toMatchInlineSnapshot(`
"'it''s'
'back\\\\slash'
'\\\\''; DROP TABLE t; --'
'日本'"
`);
  });

  it('writes booleans, numbers, NULL and expressions', () => {
    expect([true, false, 0, -1.5, null, { sql: 'CURRENT_TIMESTAMP' }].map((v) => mysqlDialect.renderValue(v))).toEqual([
      'TRUE',
      'FALSE',
      '0',
      '-1.5',
      'NULL',
      'CURRENT_TIMESTAMP',
    ]);
    expect(() => mysqlDialect.renderValue(Number.NaN)).toThrow(MigError);
  });
});

describe('renderType', () => {
  it('maps every portable type', () => {
    const types = [
      'boolean', 'integer', 'bigint', 'smallint', 'string(40)', 'text', 'decimal(10,2)', 'decimal', 'float', 'double',
      'date', 'time', 'timestamp', 'timestamptz', 'uuid', 'json', 'jsonb', 'binary', 'enum(draft,in review)',
    ];
    expect(Object.fromEntries(types.map((t) => [t, mysqlDialect.renderType(t)]))).toMatchInlineSnapshot(`
{
  "bigint": "bigint",
  "binary": "longblob",
  "boolean": "tinyint(1)",
  "date": "date",
  "decimal": "decimal",
  "decimal(10,2)": "decimal(10,2)",
  "double": "double",
  "enum(draft,in review)": "enum('draft','in review')",
  "float": "float",
  "integer": "int",
  "json": "json",
  "jsonb": "json",
  "smallint": "smallint",
  "string(40)": "varchar(40)",
  "text": "text",
  "time": "time",
  "timestamp": "datetime",
  "timestamptz": "timestamp",
  "uuid": "char(36)",
}
`);
  });
});

/** Example operations on `base`: each is snapshotted below and run on the server further down. */
const EXAMPLES = {
  createTable: {
    kind: 'createTable',
    table: 'posts',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'author_id', type: 'bigint', nullable: false, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
      { name: 'slug', type: 'string(80)', nullable: false, unique: true },
      { name: 'published', type: 'boolean', nullable: false, default: false },
      { name: 'body', type: 'text', nullable: true, default: 'none' },
      { name: 'meta', type: 'jsonb', nullable: true },
      { name: 'created_at', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      { name: 'status', type: 'enum(draft,published)', nullable: false, default: 'draft' },
    ],
  },
  dropTable: { kind: 'dropTable', table: 'orders' },
  renameTable: { kind: 'renameTable', from: 'orders', to: 'order' },
  addColumn: {
    kind: 'addColumn',
    table: 'orders',
    column: { name: 'coupon_id', type: 'bigint', nullable: true, unique: true, references: { table: 'users', column: 'id', onDelete: 'set null' } },
  },
  dropColumn: { kind: 'dropColumn', table: 'orders', column: 'total' },
  dropReferencedColumn: { kind: 'dropColumn', table: 'users', column: 'id' },
  renameColumn: { kind: 'renameColumn', table: 'users', from: 'email', to: 'e-mail' },
  alterColumnType: { kind: 'alterColumnType', table: 'users', column: 'score', type: 'bigint' },
  setNotNull: { kind: 'setNotNull', table: 'users', column: 'bio' },
  dropNotNull: { kind: 'dropNotNull', table: 'users', column: 'score' },
  setDefault: { kind: 'setDefault', table: 'users', column: 'score', default: 5 },
  setTextDefault: { kind: 'setDefault', table: 'users', column: 'bio', default: `it's` },
  dropDefault: { kind: 'dropDefault', table: 'users', column: 'score' },
  createIndex: { kind: 'createIndex', table: 'users', columns: ['email', 'score'], unique: true, name: 'idx_users_email_score_unique' },
  createServingIndex: { kind: 'createIndex', table: 'orders', columns: ['reviewer_id', 'total'], unique: false, name: 'idx_orders_reviewer_total' },
  dropIndex: { kind: 'dropIndex', name: 'idx_users_nickname_unique', table: 'users' },
  dropServingIndex: { kind: 'dropIndex', name: 'idx_orders_user_total' },
  addForeignKey: { kind: 'addForeignKey', table: 'orders', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'restrict', name: 'fk_orders_user' },
  dropForeignKey: { kind: 'dropForeignKey', table: 'orders', name: 'fk_orders_reviewer_id_users' },
  dropServedForeignKey: { kind: 'dropForeignKey', table: 'orders', name: 'fk_orders_user_id_users' },
  addCheck: { kind: 'addCheck', table: 'orders', name: 'chk_orders_positive', expression: 'total > 0' },
  dropCheck: { kind: 'dropCheck', table: 'orders', name: 'chk_orders_total' },
  backfill: { kind: 'backfill', table: 'users', set: { score: 1, bio: `it's \\ here`, data: null }, where: 'score IS NULL' },
  sql: { kind: 'sql', up: ` UPDATE users SET bio = 'a;b' `, down: 'SELECT 1' },
} satisfies Record<string, Operation>;

/** One snapshot per operation kind (the keys are checked against OPERATION_KINDS below), rendered with the schema. */
const SNAPSHOTS: Record<OperationKind, () => void> = {
  createTable: () => expect(sql(EXAMPLES.createTable, base)).toMatchInlineSnapshot(`
"CREATE TABLE posts (
  id int NOT NULL AUTO_INCREMENT,
  author_id bigint NOT NULL,
  slug varchar(80) NOT NULL,
  published tinyint(1) NOT NULL DEFAULT FALSE,
  \`body\` text NULL DEFAULT ('none'),
  meta json NULL,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  status enum('draft','published') NOT NULL DEFAULT 'draft',
  PRIMARY KEY (id),
  CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_posts_slug_unique ON posts (slug);"
`),
  dropTable: () => expect(sql(EXAMPLES.dropTable, base)).toMatchInlineSnapshot(`"DROP TABLE orders;"`),
  renameTable: () => expect(sql(EXAMPLES.renameTable, base)).toMatchInlineSnapshot(`"RENAME TABLE orders TO \`order\`;"`),
  addColumn: () => expect(sql(EXAMPLES.addColumn, base)).toMatchInlineSnapshot(`
"ALTER TABLE orders ADD COLUMN coupon_id bigint NULL;
CREATE UNIQUE INDEX idx_orders_coupon_id_unique ON orders (coupon_id);
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon_id_users FOREIGN KEY (coupon_id) REFERENCES users (id) ON DELETE SET NULL;"
`),
  dropColumn: () => {
    // The check and the index that use total go first; user_id's foreign key gets the backing
    // index it relied on idx_orders_user_total for.
    expect(sql(EXAMPLES.dropColumn, base)).toMatchInlineSnapshot(`
"ALTER TABLE orders DROP CONSTRAINT chk_orders_total;
ALTER TABLE orders DROP INDEX idx_orders_user_total, ADD INDEX fk_orders_user_id_users (user_id);
ALTER TABLE orders DROP COLUMN total;"
`);
    // The foreign keys that reference users.id go first, each with its backing index if it has one.
    expect(sql(EXAMPLES.dropReferencedColumn, base)).toMatchInlineSnapshot(`
"ALTER TABLE orders DROP FOREIGN KEY fk_orders_user_id_users;
ALTER TABLE orders DROP FOREIGN KEY fk_orders_reviewer_id_users, DROP INDEX fk_orders_reviewer_id_users;
ALTER TABLE users DROP COLUMN id;"
`);
  },
  renameColumn: () => expect(sql(EXAMPLES.renameColumn, base)).toMatchInlineSnapshot(`"ALTER TABLE users RENAME COLUMN email TO \`e-mail\`;"`),
  alterColumnType: () => expect(sql(EXAMPLES.alterColumnType, base)).toMatchInlineSnapshot(`"ALTER TABLE users MODIFY COLUMN score bigint NOT NULL DEFAULT 0;"`),
  setNotNull: () => expect(sql(EXAMPLES.setNotNull, base)).toMatchInlineSnapshot(`"ALTER TABLE users MODIFY COLUMN bio text NOT NULL;"`),
  dropNotNull: () => expect(sql(EXAMPLES.dropNotNull, base)).toMatchInlineSnapshot(`"ALTER TABLE users MODIFY COLUMN score int NULL DEFAULT 0;"`),
  setDefault: () => {
    expect(sql(EXAMPLES.setDefault, base)).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN score SET DEFAULT 5;"`);
    expect(sql(EXAMPLES.setTextDefault, base)).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN bio SET DEFAULT ('it''s');"`);
  },
  dropDefault: () => expect(sql(EXAMPLES.dropDefault, base)).toMatchInlineSnapshot(`"ALTER TABLE users ALTER COLUMN score DROP DEFAULT;"`),
  createIndex: () => {
    expect(sql(EXAMPLES.createIndex, base)).toMatchInlineSnapshot(`"CREATE UNIQUE INDEX idx_users_email_score_unique ON users (email, score);"`);
    // An index led by reviewer_id replaces the backing index of its foreign key.
    expect(sql(EXAMPLES.createServingIndex, base)).toMatchInlineSnapshot(`"ALTER TABLE orders ADD INDEX idx_orders_reviewer_total (reviewer_id, total), DROP INDEX fk_orders_reviewer_id_users;"`);
  },
  dropIndex: () => {
    expect(sql(EXAMPLES.dropIndex, base)).toMatchInlineSnapshot(`"DROP INDEX idx_users_nickname_unique ON users;"`);
    // The table comes from the schema; user_id's foreign key needs a backing index once it is gone.
    expect(sql(EXAMPLES.dropServingIndex, base)).toMatchInlineSnapshot(`"ALTER TABLE orders DROP INDEX idx_orders_user_total, ADD INDEX fk_orders_user_id_users (user_id);"`);
  },
  addForeignKey: () => expect(sql(EXAMPLES.addForeignKey, base)).toMatchInlineSnapshot(`"ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT;"`),
  dropForeignKey: () => {
    // reviewer_id's key has a backing index; user_id's is served by idx_orders_user_total.
    expect(sql(EXAMPLES.dropForeignKey, base)).toMatchInlineSnapshot(`"ALTER TABLE orders DROP FOREIGN KEY fk_orders_reviewer_id_users, DROP INDEX fk_orders_reviewer_id_users;"`);
    expect(sql(EXAMPLES.dropServedForeignKey, base)).toMatchInlineSnapshot(`"ALTER TABLE orders DROP FOREIGN KEY fk_orders_user_id_users;"`);
  },
  addCheck: () => expect(sql(EXAMPLES.addCheck, base)).toMatchInlineSnapshot(`"ALTER TABLE orders ADD CONSTRAINT chk_orders_positive CHECK (total > 0);"`),
  dropCheck: () => expect(sql(EXAMPLES.dropCheck, base)).toMatchInlineSnapshot(`"ALTER TABLE orders DROP CONSTRAINT chk_orders_total;"`),
  backfill: () => expect(sql(EXAMPLES.backfill, base)).toMatchInlineSnapshot(`"UPDATE users SET score = 1, bio = 'it''s \\\\ here', data = NULL WHERE score IS NULL;"`),
  sql: () => expect(sql(EXAMPLES.sql, base)).toMatchInlineSnapshot(`"UPDATE users SET bio = 'a;b';"`),
};

describe('render without the schema', () => {
  it('renders what does not depend on it', () => {
    expect(sql(EXAMPLES.dropColumn)).toBe('ALTER TABLE orders DROP COLUMN total;');
    expect(sql(EXAMPLES.setDefault)).toBe('ALTER TABLE users ALTER COLUMN score SET DEFAULT 5;');
    expect(sql({ ...EXAMPLES.setTextDefault, default: { sql: 'CURRENT_DATE' } })).toBe(
      'ALTER TABLE users ALTER COLUMN bio SET DEFAULT (CURRENT_DATE);',
    );
    expect(sql(EXAMPLES.createServingIndex)).toBe('CREATE INDEX idx_orders_reviewer_total ON orders (reviewer_id, total);');
    expect(sql(EXAMPLES.dropIndex)).toBe('DROP INDEX idx_users_nickname_unique ON users;');
  });
});

describe('render', () => {
  it('has a snapshot for every operation kind', () => {
    expect(Object.keys(SNAPSHOTS).sort()).toEqual([...OPERATION_KINDS].sort());
  });

  it.each(Object.keys(SNAPSHOTS) as OperationKind[])('%s', (kind) => SNAPSHOTS[kind]());

  it('marks DDL non-transactional and row changes transactional', () => {
    const flags = (op: Operation) => mysqlDialect.render(op, { schema: base }).map((s) => s.transactional);
    expect(flags({ kind: 'dropTable', table: 'orders' })).toEqual([false]);
    expect(flags({ kind: 'backfill', table: 'users', set: { score: 1 } })).toEqual([true]);
    expect(flags({ kind: 'sql', up: 'update users set score = 1' })).toEqual([true]);
    expect(flags({ kind: 'sql', up: 'ALTER TABLE users ENGINE=InnoDB' })).toEqual([false]);
  });

  it('types values by the column when the schema is known', () => {
    expect(sql({ kind: 'backfill', table: 'orders', set: { total: '12.50' } }, base)).toBe('UPDATE orders SET total = 12.5;');
    expect(sql({ kind: 'setDefault', table: 'users', column: 'score', default: '7' }, base)).toBe(
      'ALTER TABLE users ALTER COLUMN score SET DEFAULT 7;',
    );
  });

  it('needs the schema where MySQL restates a column or may have to drop a backing index', () => {
    const noSchema = /pass --schema-from or --db so mig knows/;
    expect(() => sql({ kind: 'alterColumnType', table: 'users', column: 'score', type: 'bigint' })).toThrow(noSchema);
    expect(() => sql({ kind: 'setNotNull', table: 'users', column: 'bio' })).toThrow(noSchema);
    expect(() => sql({ kind: 'dropNotNull', table: 'users', column: 'score' })).toThrow(noSchema);
    expect(() => sql({ kind: 'dropForeignKey', table: 'orders', name: 'fk_orders_user_id_users' })).toThrow(noSchema);
    expect(() => sql({ kind: 'dropIndex', name: 'idx_x' })).toThrow(/needs its table; name the table, or pass --schema-from or --db/);
  });

  it('refuses what InnoDB or the model cannot hold', () => {
    const fk: Operation = { kind: 'addForeignKey', table: 'orders', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'set default', name: 'f' };
    expect(() => sql(fk)).toThrow(/InnoDB rejects ON DELETE SET DEFAULT/);
    expect(() =>
      sql({ kind: 'createTable', table: 't', columns: [{ name: 'id', type: 'text', nullable: false, autoIncrement: true, primaryKey: true }] }),
    ).toThrow(MigError);
    expect(() => sql({ kind: 'sql', up: '  ' })).toThrow(MigError);
    expect(() => sql({ kind: 'backfill', table: 'users', set: {} })).toThrow(MigError);
  });
});

/** Listed as skipped, not silently absent, when the mysql target is not selected. */
const describeDb = describeTargets(['mysql']);

describeDb('MySQL/MariaDB rendering executed on %s', (target) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(target);
  });
  afterEach(() => test.dispose());

  function withoutCheckExpressions(schema: Schema): Schema {
    return { tables: schema.tables.map((t) => ({ ...t, checks: t.checks.map((c) => ({ ...c, expression: '' })) })) };
  }

  async function expectDatabaseToMatch(model: Schema): Promise<void> {
    const actual = withoutCheckExpressions(canonicalSchema(await mysqlDialect.introspect(test.db)));
    const wanted = withoutCheckExpressions(canonicalSchema({ tables: model.tables.map((t) => mysqlDialect.canonicalTable(t)) }));
    expect(actual).toEqual(wanted);
  }

  /** Every index the server has on `table`, backing indexes included. */
  async function serverIndexes(table: string): Promise<string[]> {
    const rows = await test.db.query<{ name: string }>(
      `SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
      [table],
    );
    return rows.map((r) => r.name).sort();
  }

  it('accepts every keyword of the server as a name, quoted where mig quotes it', async () => {
    const rows = await test.db.query<{ word: string }>('SELECT WORD AS word FROM information_schema.KEYWORDS');
    const words = rows.map((r) => r.word).filter((w) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(w));
    expect(words.length).toBeGreaterThan(600);
    const q = (w: string) => mysqlDialect.quoteIdent(w);
    // Each statement fails after parsing (no such table, no such index), so a syntax error is the
    // only failure that can come from the name itself.
    const statements = (w: string) => [
      `SELECT 1 AS ${q(w)}`,
      `SELECT ${q(w)}.${q(w)} FROM missing_table ${q(w)}`,
      `SELECT ${q(w)} FROM ${q(w)}`,
      `CREATE TABLE missing_db.${q(w)} (${q(w)} int, KEY ${q(w)} (${q(w)}), CONSTRAINT ${q(w)} CHECK (${q(w)} > 0))`,
      `ALTER TABLE missing_table ADD COLUMN ${q(w)} int, ADD CONSTRAINT ${q(w)} CHECK (${q(w)} > 0)`,
      `DROP INDEX ${q(w)} ON missing_table`,
      `UPDATE missing_table SET ${q(w)} = 1 WHERE ${q(w)} = 0`,
    ];
    const syntaxErrors: string[] = [];
    for (const w of words) {
      for (const statement of statements(w)) {
        try {
          await test.db.exec(statement);
        } catch (e) {
          if ((e as { errno?: number }).errno === 1064) syntaxErrors.push(statement);
        }
      }
    }
    expect(syntaxErrors).toEqual([]);
  });

  it.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])('runs the %s example on the base schema', async (name) => {
    const op: Operation = EXAMPLES[name];
    const setup = renderAll(emptySchema(), baseOperations);
    for (const s of setup) await test.db.exec(s);
    await expectDatabaseToMatch(base);
    for (const s of mysqlDialect.render(op, { schema: base })) await test.db.exec(s.sql);
    await expectDatabaseToMatch(applyOperation(base, op));
  });

  it('runs every operation kind, leaving the database as the model says', async () => {
    const steps: Operation[] = [
      {
        kind: 'createTable',
        table: 'authors',
        columns: [
          { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'name', type: 'string(100)', nullable: false },
          { name: 'email', type: 'string(200)', nullable: true, unique: true },
        ],
      },
      {
        kind: 'createTable',
        table: 'posts',
        columns: [
          { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'author_id', type: 'integer', nullable: false, references: { table: 'authors', column: 'id', onDelete: 'cascade' } },
          { name: 'body', type: 'text', nullable: true },
          { name: 'data', type: 'json', nullable: true },
        ],
      },
      { kind: 'addColumn', table: 'posts', column: { name: 'rating', type: 'smallint', nullable: true, default: 0 } },
      { kind: 'addColumn', table: 'posts', column: { name: 'editor_id', type: 'integer', nullable: true, references: { table: 'authors', column: 'id' } } },
      { kind: 'renameColumn', table: 'posts', from: 'rating', to: 'score' },
      { kind: 'alterColumnType', table: 'posts', column: 'score', type: 'integer' },
      { kind: 'setNotNull', table: 'posts', column: 'score' },
      { kind: 'dropNotNull', table: 'posts', column: 'score' },
      { kind: 'setDefault', table: 'posts', column: 'score', default: 5 },
      { kind: 'setDefault', table: 'posts', column: 'body', default: `it's \\ none` },
      { kind: 'setDefault', table: 'posts', column: 'data', default: '{}' },
      { kind: 'dropDefault', table: 'posts', column: 'score' },
      { kind: 'renameColumn', table: 'posts', from: 'data', to: 'payload' },
      { kind: 'setNotNull', table: 'posts', column: 'payload' },
      { kind: 'createIndex', table: 'posts', columns: ['editor_id', 'score'], unique: false, name: 'idx_posts_editor_score' },
      { kind: 'dropIndex', name: 'idx_posts_editor_score' },
      { kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_editor_id_authors' },
      { kind: 'addForeignKey', table: 'posts', columns: ['editor_id'], refTable: 'authors', refColumns: ['id'], onDelete: 'set null', name: 'fk_posts_editor' },
      { kind: 'addCheck', table: 'posts', name: 'chk_posts_score', expression: 'score >= 0' },
      { kind: 'sql', up: `INSERT INTO authors (name) VALUES ('Ann')` },
      { kind: 'backfill', table: 'posts', set: { score: 1, body: 'x' }, where: 'score IS NULL' },
      { kind: 'dropCheck', table: 'posts', name: 'chk_posts_score' },
      { kind: 'renameTable', from: 'posts', to: 'articles' },
      { kind: 'dropColumn', table: 'articles', column: 'author_id' },
      { kind: 'dropColumn', table: 'authors', column: 'id' },
      { kind: 'dropTable', table: 'articles' },
      { kind: 'dropTable', table: 'authors' },
    ];
    expect(new Set(steps.map((s) => s.kind))).toEqual(new Set(OPERATION_KINDS));

    const indexesAfter: Record<number, string[]> = {};
    let schema = emptySchema();
    for (const [i, op] of steps.entries()) {
      for (const s of mysqlDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperation(schema, op);
      await expectDatabaseToMatch(schema);
      const table = schema.tables.find((t) => t.name === 'posts' || t.name === 'articles');
      if (table) indexesAfter[i] = await serverIndexes(table.name);
    }
    // editor_id's backing index: made by InnoDB with the key, replaced by the composite index and
    // restored with its drop, gone with the key, made again (under the new key's name).
    const at = (kind: OperationKind, occurrence = 0) =>
      indexesAfter[steps.flatMap((s, i) => (s.kind === kind ? [i] : []))[occurrence] as number];
    expect(at('addColumn', 1)).toEqual(['PRIMARY', 'fk_posts_author_id_authors', 'fk_posts_editor_id_authors']);
    expect(at('createIndex')).toEqual(['PRIMARY', 'fk_posts_author_id_authors', 'idx_posts_editor_score']);
    expect(at('dropIndex')).toEqual(['PRIMARY', 'fk_posts_author_id_authors', 'fk_posts_editor_id_authors']);
    expect(at('dropForeignKey')).toEqual(['PRIMARY', 'fk_posts_author_id_authors']);
    expect(at('addForeignKey')).toEqual(['PRIMARY', 'fk_posts_author_id_authors', 'fk_posts_editor']);
    expect(at('dropColumn')).toEqual(['PRIMARY', 'fk_posts_editor']);
  });

  it('round-trips a foreign key whose columns another index serves, with no index left behind', async () => {
    const setup: Operation[] = [
      { kind: 'createTable', table: 'p', columns: [{ name: 'id', type: 'integer', nullable: false, primaryKey: true }] },
      {
        kind: 'createTable',
        table: 'c',
        columns: [
          { name: 'id', type: 'integer', nullable: false, primaryKey: true },
          { name: 'p_id', type: 'integer', nullable: true, unique: true },
        ],
      },
    ];
    let schema = emptySchema();
    for (const op of setup) {
      for (const s of mysqlDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperation(schema, op);
    }
    const add: Operation = { kind: 'addForeignKey', table: 'c', columns: ['p_id'], refTable: 'p', refColumns: ['id'], name: 'fk_c_p' };
    const drop: Operation = { kind: 'dropForeignKey', table: 'c', name: 'fk_c_p' };
    for (const op of [add, drop, add]) {
      for (const s of mysqlDialect.render(op, { schema })) await test.db.exec(s.sql);
      schema = applyOperation(schema, op);
      expect(await serverIndexes('c')).toEqual(['PRIMARY', 'idx_c_p_id_unique']);
      await expectDatabaseToMatch(schema);
    }
  });
});
