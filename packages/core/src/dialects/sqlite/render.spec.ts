import { isMigError } from '../../errors';
import { applyOperation, applyOperations } from '../../model/apply';
import { OPERATION_KINDS, type Operation, type OperationKind } from '../../model/operations';
import { type Schema, emptySchema } from '../../model/schema';
import { type TestDatabase, openTestDatabase, selectedTargets } from '../../testing/databases';
import { expected, introspected, runStatements, show } from './__fixtures__/run';
import { SQLITE_KEYWORDS } from './keywords';
import { sqliteDialect } from './render';

const dialect = sqliteDialect;
const describeSqlite = selectedTargets().includes('sqlite') ? describe : describe.skip;

// The real-database tests run dozens of statements each; a busy machine must not time them out
// midway, or a late statement would land in the next test's database.
jest.setTimeout(30_000);

const USERS: Operation = {
  kind: 'createTable',
  table: 'users',
  columns: [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
    { name: 'email', type: 'string(255)', nullable: false, unique: true },
    { name: 'name', type: 'text', nullable: true },
  ],
};

const POSTS: Operation = {
  kind: 'createTable',
  table: 'posts',
  columns: [
    { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
    { name: 'user_id', type: 'integer', nullable: true, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
    { name: 'title', type: 'string(200)', nullable: false },
    { name: 'status', type: 'enum(draft,published)', nullable: false, default: 'draft' },
    { name: 'price', type: 'decimal(10,2)', nullable: true },
    { name: 'views', type: 'integer', nullable: true, default: 0 },
  ],
};

const SHOP: Schema = applyOperations(emptySchema(), [
  USERS,
  POSTS,
  { kind: 'createIndex', table: 'posts', columns: ['title'], unique: false, name: 'idx_posts_title' },
  { kind: 'addCheck', table: 'posts', name: 'chk_posts_price', expression: 'price IS NULL OR price >= 0' },
]);

const render = (op: Operation, schema: Schema | undefined = SHOP) => show(dialect.render(op, { schema }));

describe('SqliteDialect names and values', () => {
  it('has the documented 147 keywords, sorted and distinct', () => {
    expect(SQLITE_KEYWORDS).toHaveLength(147);
    expect([...SQLITE_KEYWORDS].sort()).toEqual(SQLITE_KEYWORDS);
    expect(new Set(SQLITE_KEYWORDS).size).toBe(147);
  });

  it('quotes only names that need it, and doubles embedded quotes', () => {
    expect(dialect.quoteIdent('users')).toBe('users');
    expect(dialect.quoteIdent('User_Name2')).toBe('User_Name2');
    expect(dialect.quoteIdent('select')).toBe('"select"');
    expect(dialect.quoteIdent('Rowid')).toBe('Rowid');
    expect(dialect.quoteIdent('Key')).toBe('"Key"');
    expect(dialect.quoteIdent('2fa')).toBe('"2fa"');
    expect(dialect.quoteIdent('a b')).toBe('"a b"');
    expect(dialect.quoteIdent('größe')).toBe('"größe"');
    expect(dialect.quoteIdent('x"; DROP TABLE users; --')).toBe('"x""; DROP TABLE users; --"');
    expect(() => dialect.quoteIdent('')).toThrow(/non-empty name/);
    expect(() => dialect.quoteIdent('a\0b')).toThrow(/NUL/);
  });

  it('maps every portable type to a declared type', () => {
    const types = [
      'boolean', 'integer', 'bigint', 'smallint', 'string(40)', 'text', 'decimal(10,2)', 'decimal', 'float', 'double',
      'date', 'time', 'timestamp', 'timestamptz', 'uuid', 'json', 'jsonb', 'binary', 'enum(a,b)',
    ];
    expect(Object.fromEntries(types.map((t) => [t, dialect.renderType(t)]))).toMatchInlineSnapshot(`
{
  "bigint": "BIGINT",
  "binary": "BLOB",
  "boolean": "BOOLEAN",
  "date": "DATE",
  "decimal": "DECIMAL",
  "decimal(10,2)": "DECIMAL(10,2)",
  "double": "DOUBLE",
  "enum(a,b)": "TEXT",
  "float": "REAL",
  "integer": "INTEGER",
  "json": "JSON",
  "jsonb": "JSONB",
  "smallint": "SMALLINT",
  "string(40)": "VARCHAR(40)",
  "text": "TEXT",
  "time": "TIME",
  "timestamp": "DATETIME",
  "timestamptz": "TIMESTAMPTZ",
  "uuid": "UUID",
}
`);
  });

  it('renders values as SQLite literals', () => {
    expect([true, false, 0, -1.5, 'it\'s', null, { sql: 'CURRENT_TIMESTAMP' }].map((v) => dialect.renderValue(v))).toEqual([
      '1', '0', '0', '-1.5', "'it''s'", 'NULL', 'CURRENT_TIMESTAMP',
    ]);
    expect(() => dialect.renderValue(Number.NaN)).toThrow(/finite/);
    expect(() => dialect.renderValue('a\0b')).toThrow(/NUL/);
  });
});

describe('SqliteDialect.render', () => {
  it('has a renderer for every operation kind and supports them all', () => {
    expect(dialect.unsupported).toEqual({});
    const rendered = new Set<OperationKind>();
    for (const op of EVERY_KIND) {
      expect(dialect.render(op, { schema: SHOP }).length).toBeGreaterThan(0);
      rendered.add(op.kind);
    }
    expect([...rendered].sort()).toEqual([...OPERATION_KINDS].sort());
  });

  it('createTable', () => {
    expect(render(USERS, emptySchema())).toMatchInlineSnapshot(`
"CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL, name TEXT)
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)"
`);
    expect(render(POSTS, applyOperation(emptySchema(), USERS))).toMatchInlineSnapshot(`"CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER DEFAULT 0, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE)"`);
    expect(
      render({
        kind: 'createTable',
        table: 'tags',
        columns: [
          { name: 'post_id', type: 'bigint', nullable: false, primaryKey: true },
          { name: 'tag', type: 'string(40)', nullable: false, primaryKey: true },
          { name: 'at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
          { name: 'weight', type: 'float', nullable: true, default: { sql: 'random() / 2' } },
        ],
      }),
    ).toMatchInlineSnapshot(`"CREATE TABLE tags (post_id BIGINT NOT NULL, tag VARCHAR(40) NOT NULL, at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, weight REAL DEFAULT (random() / 2), PRIMARY KEY (post_id, tag))"`);
  });

  it('refuses an auto-increment column that is not the whole integer primary key', () => {
    expect(() =>
      render({
        kind: 'createTable',
        table: 't',
        columns: [
          { name: 'a', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'b', type: 'integer', nullable: false, primaryKey: true },
        ],
      }),
    ).toThrow(/SQLite auto-increments only an integer column that is the whole primary key/);
  });

  it('dropTable, renameTable, renameColumn, createIndex, backfill, sql', () => {
    expect(render({ kind: 'dropTable', table: 'posts' })).toMatchInlineSnapshot(`"DROP TABLE posts"`);
    expect(render({ kind: 'renameTable', from: 'posts', to: 'articles' })).toMatchInlineSnapshot(`"ALTER TABLE posts RENAME TO articles"`);
    expect(render({ kind: 'renameColumn', table: 'posts', from: 'title', to: 'headline' })).toMatchInlineSnapshot(`"ALTER TABLE posts RENAME COLUMN title TO headline"`);
    expect(
      render({ kind: 'createIndex', table: 'posts', columns: ['user_id', 'status'], unique: true, name: 'idx_posts_user_id_status_unique' }),
    ).toMatchInlineSnapshot(`"CREATE UNIQUE INDEX idx_posts_user_id_status_unique ON posts (user_id, status)"`);
    expect(
      render({ kind: 'backfill', table: 'posts', set: { views: 0, status: 'draft', price: null }, where: 'views IS NULL' }),
    ).toMatchInlineSnapshot(`"UPDATE posts SET views = 0, status = 'draft', price = NULL WHERE views IS NULL"`);
    expect(render({ kind: 'sql', up: '  UPDATE posts SET views = views + 1  ', down: 'SELECT 1' })).toMatchInlineSnapshot(`"UPDATE posts SET views = views + 1"`);
    expect(() => render({ kind: 'sql', up: ' ' })).toThrow(/no up statement/);
  });

  it('addColumn in place when ALTER TABLE ADD COLUMN allows it', () => {
    expect(
      render({ kind: 'addColumn', table: 'users', column: { name: 'verified', type: 'boolean', nullable: false, default: false } }),
    ).toMatchInlineSnapshot(`"ALTER TABLE users ADD COLUMN verified BOOLEAN NOT NULL DEFAULT 0"`);
    expect(
      render({ kind: 'addColumn', table: 'users', column: { name: 'handle', type: 'string(30)', nullable: true, unique: true } }),
    ).toMatchInlineSnapshot(`
"ALTER TABLE users ADD COLUMN handle VARCHAR(30)
CREATE UNIQUE INDEX idx_users_handle_unique ON users (handle)"
`);
    expect(
      render({
        kind: 'addColumn',
        table: 'posts',
        column: { name: 'editor_id', type: 'integer', nullable: true, references: { table: 'users', column: 'id', onDelete: 'set null' } },
      }),
    ).toMatchInlineSnapshot(`"ALTER TABLE posts ADD COLUMN editor_id INTEGER CONSTRAINT fk_posts_editor_id_users REFERENCES users (id) ON DELETE SET NULL"`);
  });

  it('addColumn by rebuilding when ALTER TABLE cannot', () => {
    expect(
      render({
        kind: 'addColumn',
        table: 'posts',
        column: { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
      }),
    ).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER DEFAULT 0, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views) SELECT id, user_id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('dropColumn: drops its indexes first, or rebuilds when a key, foreign key or check uses it', () => {
    expect(render({ kind: 'dropColumn', table: 'posts', column: 'title' })).toMatchInlineSnapshot(`
"DROP INDEX idx_posts_title
ALTER TABLE posts DROP COLUMN title"
`);
    expect(render({ kind: 'dropColumn', table: 'posts', column: 'user_id' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER DEFAULT 0, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, title, status, price, views) SELECT id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
    expect(render({ kind: 'dropColumn', table: 'posts', column: 'title' }, undefined)).toMatchInlineSnapshot(`
"DROP INDEX idx_posts_title
ALTER TABLE posts DROP COLUMN title"
`);
    expect(() => render({ kind: 'dropColumn', table: 'users', column: 'id' })).toThrow(
      'column users.id is referenced by foreign key fk_posts_user_id_users of table posts; drop that foreign key first',
    );
  });

  it('dropIndex: DROP INDEX, or a rebuild for the index of a UNIQUE constraint', () => {
    expect(render({ kind: 'dropIndex', name: 'idx_posts_title' })).toMatchInlineSnapshot(`"DROP INDEX idx_posts_title"`);
    const withConstraint: Schema = structuredClone(SHOP);
    withConstraint.tables[0]?.indexes.push({ name: 'uq_users_name', columns: ['name'], unique: true, constraint: true });
    expect(render({ kind: 'dropIndex', name: 'uq_users_name', table: 'users' }, withConstraint)).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'users', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_users_email_unique') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('users') WHERE wr OR strict)
CREATE TABLE new_users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL, name TEXT)
INSERT INTO new_users (id, email, name) SELECT id, email, name FROM users
DELETE FROM sqlite_sequence WHERE name = 'new_users'
UPDATE sqlite_sequence SET name = 'new_users' WHERE name = 'users'
DROP TABLE users
PRAGMA legacy_alter_table = ON
ALTER TABLE new_users RENAME TO users
PRAGMA legacy_alter_table = OFF
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'users', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('users') UNION ALL SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('alterColumnType (rebuild)', () => {
    expect(render({ kind: 'alterColumnType', table: 'posts', column: 'views', type: 'bigint' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views BIGINT DEFAULT 0, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views) SELECT id, user_id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('setNotNull and dropNotNull (rebuild)', () => {
    expect(render({ kind: 'setNotNull', table: 'users', column: 'name' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'users', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_users_email_unique') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('users') WHERE wr OR strict)
CREATE TABLE new_users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL, name TEXT NOT NULL)
INSERT INTO new_users (id, email, name) SELECT id, email, name FROM users
DELETE FROM sqlite_sequence WHERE name = 'new_users'
UPDATE sqlite_sequence SET name = 'new_users' WHERE name = 'users'
DROP TABLE users
PRAGMA legacy_alter_table = ON
ALTER TABLE new_users RENAME TO users
PRAGMA legacy_alter_table = OFF
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'users', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('users') UNION ALL SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
    expect(render({ kind: 'dropNotNull', table: 'users', column: 'email' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'users', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_users_email_unique') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('users') WHERE wr OR strict)
CREATE TABLE new_users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255), name TEXT)
INSERT INTO new_users (id, email, name) SELECT id, email, name FROM users
DELETE FROM sqlite_sequence WHERE name = 'new_users'
UPDATE sqlite_sequence SET name = 'new_users' WHERE name = 'users'
DROP TABLE users
PRAGMA legacy_alter_table = ON
ALTER TABLE new_users RENAME TO users
PRAGMA legacy_alter_table = OFF
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'users', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('users') UNION ALL SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('setDefault and dropDefault (rebuild)', () => {
    expect(render({ kind: 'setDefault', table: 'posts', column: 'price', default: 9.5 })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2) DEFAULT 9.5, views INTEGER DEFAULT 0, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views) SELECT id, user_id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
    expect(render({ kind: 'dropDefault', table: 'posts', column: 'views' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views) SELECT id, user_id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('addForeignKey and dropForeignKey (rebuild)', () => {
    const withEditor = applyOperation(SHOP, {
      kind: 'addColumn',
      table: 'posts',
      column: { name: 'editor_id', type: 'integer', nullable: true },
    });
    expect(
      render(
        {
          kind: 'addForeignKey',
          table: 'posts',
          columns: ['editor_id'],
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'restrict',
          name: 'fk_posts_editor_id_users',
        },
        withEditor,
      ),
    ).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER DEFAULT 0, editor_id INTEGER, CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT fk_posts_editor_id_users FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE RESTRICT, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views, editor_id) SELECT id, user_id, title, status, price, views, editor_id FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
    expect(render({ kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_user_id_users' })).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'posts', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'posts' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_posts_title') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('posts') WHERE wr OR strict)
CREATE TABLE new_posts (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, user_id INTEGER, title VARCHAR(200) NOT NULL, status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')), price DECIMAL(10,2), views INTEGER DEFAULT 0, CONSTRAINT chk_posts_price CHECK (price IS NULL OR price >= 0))
INSERT INTO new_posts (id, user_id, title, status, price, views) SELECT id, user_id, title, status, price, views FROM posts
DELETE FROM sqlite_sequence WHERE name = 'new_posts'
UPDATE sqlite_sequence SET name = 'new_posts' WHERE name = 'posts'
DROP TABLE posts
PRAGMA legacy_alter_table = ON
ALTER TABLE new_posts RENAME TO posts
PRAGMA legacy_alter_table = OFF
CREATE INDEX idx_posts_title ON posts (title)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'posts', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('addCheck and dropCheck (rebuild)', () => {
    const op: Operation = { kind: 'addCheck', table: 'users', name: 'chk_users_email', expression: "email LIKE '%@%'" };
    expect(render(op)).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'users', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_users_email_unique') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('users') WHERE wr OR strict)
CREATE TABLE new_users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL, name TEXT, CONSTRAINT chk_users_email CHECK (email LIKE '%@%'))
INSERT INTO new_users (id, email, name) SELECT id, email, name FROM users
DELETE FROM sqlite_sequence WHERE name = 'new_users'
UPDATE sqlite_sequence SET name = 'new_users' WHERE name = 'users'
DROP TABLE users
PRAGMA legacy_alter_table = ON
ALTER TABLE new_users RENAME TO users
PRAGMA legacy_alter_table = OFF
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'users', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('users') UNION ALL SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
    expect(render({ kind: 'dropCheck', table: 'users', name: 'chk_users_email' }, applyOperation(SHOP, op))).toMatchInlineSnapshot(`
"[outside transaction] PRAGMA foreign_keys = OFF
SELECT json_extract('{}', printf('rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand', 'users', type, name)) FROM (SELECT type, name FROM sqlite_master WHERE tbl_name = 'users' AND type IN ('index', 'trigger') AND sql IS NOT NULL AND name NOT IN ('idx_users_email_unique') UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list('users') WHERE wr OR strict)
CREATE TABLE new_users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(255) NOT NULL, name TEXT)
INSERT INTO new_users (id, email, name) SELECT id, email, name FROM users
DELETE FROM sqlite_sequence WHERE name = 'new_users'
UPDATE sqlite_sequence SET name = 'new_users' WHERE name = 'users'
DROP TABLE users
PRAGMA legacy_alter_table = ON
ALTER TABLE new_users RENAME TO users
PRAGMA legacy_alter_table = OFF
CREATE UNIQUE INDEX idx_users_email_unique ON users (email)
SELECT json_extract('{}', printf('rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again', 'users', rowid, "table", parent)) FROM (SELECT * FROM pragma_foreign_key_check('users') UNION ALL SELECT * FROM pragma_foreign_key_check('posts'))
[outside transaction] PRAGMA foreign_keys = ON"
`);
  });

  it('asks for the schema when a rebuild needs it', () => {
    const rebuilds = EVERY_KIND.filter((op) => dialect.render(op, { schema: SHOP }).some((s) => s.sql.startsWith('CREATE TABLE new_')));
    expect(rebuilds.map((op) => op.kind)).toEqual([
      'addColumn',
      'alterColumnType',
      'setNotNull',
      'dropNotNull',
      'setDefault',
      'dropDefault',
      'addForeignKey',
      'dropForeignKey',
      'addCheck',
      'dropCheck',
    ]);
    for (const op of rebuilds) {
      let error: unknown;
      try {
        dialect.render(op, {});
      } catch (e) {
        error = e;
      }
      expect(isMigError(error)).toBe(true);
      expect((error as Error).message).toBe(
        `SQLite rebuilds table ${'table' in op ? op.table : ''} for ${op.kind}: pass --schema-from or --db so mig knows its definition`,
      );
    }
  });
});

/** One operation of every kind, each valid against SHOP. */
const EVERY_KIND: Operation[] = [
  USERS,
  { kind: 'dropTable', table: 'posts' },
  { kind: 'renameTable', from: 'posts', to: 'articles' },
  { kind: 'addColumn', table: 'posts', column: { name: 'body', type: 'text', nullable: false } },
  { kind: 'dropColumn', table: 'posts', column: 'title' },
  { kind: 'renameColumn', table: 'posts', from: 'title', to: 'headline' },
  { kind: 'alterColumnType', table: 'posts', column: 'views', type: 'bigint' },
  { kind: 'setNotNull', table: 'users', column: 'name' },
  { kind: 'dropNotNull', table: 'users', column: 'email' },
  { kind: 'setDefault', table: 'posts', column: 'price', default: 1 },
  { kind: 'dropDefault', table: 'posts', column: 'views' },
  { kind: 'createIndex', table: 'posts', columns: ['status'], unique: false, name: 'idx_posts_status' },
  { kind: 'dropIndex', name: 'idx_posts_title' },
  { kind: 'addForeignKey', table: 'posts', columns: ['views'], refTable: 'users', refColumns: ['id'], name: 'fk_posts_views_users' },
  { kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_user_id_users' },
  { kind: 'addCheck', table: 'posts', name: 'chk_posts_views', expression: 'views >= 0' },
  { kind: 'dropCheck', table: 'posts', name: 'chk_posts_price' },
  { kind: 'backfill', table: 'posts', set: { views: 0 } },
  { kind: 'sql', up: 'SELECT 1' },
];

describeSqlite('SqliteDialect on a real SQLite database', () => {
  let t: TestDatabase;
  let model: Schema;

  beforeEach(async () => {
    t = await openTestDatabase('sqlite');
    model = emptySchema();
  });
  afterEach(() => t.dispose());

  /** Render against the current model, run, and check the database now matches the model. */
  async function step(op: Operation): Promise<void> {
    await runStatements(t.db, dialect.render(op, { schema: model }));
    model = applyOperation(model, op);
    expect(await introspected(t.db)).toEqual(expected(model));
  }

  const rows = (sql: string) => t.db.query(sql);

  async function seed(): Promise<void> {
    await step(USERS);
    await step(POSTS);
    await step({ kind: 'createIndex', table: 'posts', columns: ['title'], unique: false, name: 'idx_posts_title' });
    await step({
      kind: 'sql',
      up: `INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', NULL), ('cy@example.com', 'Cy')`,
    });
    await step({
      kind: 'sql',
      up: `INSERT INTO posts (user_id, title, status, price) VALUES (1, 'Hello', 'published', 1.5), (1, 'Again', 'draft', NULL), (2, 'Mine', 'draft', 3)`,
    });
  }

  it('runs every operation kind, rebuilding tables that hold rows without losing them', async () => {
    await seed();
    const postsBefore = await rows('SELECT id, user_id, title, status, price FROM posts ORDER BY id');

    await step({ kind: 'addColumn', table: 'users', column: { name: 'verified', type: 'boolean', nullable: false, default: false } });
    await step({ kind: 'addColumn', table: 'users', column: { name: 'handle', type: 'string(30)', nullable: true, unique: true } });
    await step({
      kind: 'addColumn',
      table: 'posts',
      column: { name: 'editor_id', type: 'integer', nullable: true, references: { table: 'users', column: 'id', onDelete: 'set null' } },
    });
    await step({
      kind: 'addColumn',
      table: 'posts',
      column: { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
    });
    await step({ kind: 'renameColumn', table: 'posts', from: 'title', to: 'headline' });
    await step({ kind: 'alterColumnType', table: 'posts', column: 'views', type: 'bigint' });
    await step({ kind: 'backfill', table: 'users', set: { name: 'anonymous' }, where: 'name IS NULL' });
    await step({ kind: 'setNotNull', table: 'users', column: 'name' });
    await step({ kind: 'dropNotNull', table: 'users', column: 'name' });
    await step({ kind: 'setDefault', table: 'posts', column: 'price', default: 9.5 });
    await step({ kind: 'dropDefault', table: 'posts', column: 'views' });
    await step({ kind: 'createIndex', table: 'posts', columns: ['user_id', 'status'], unique: false, name: 'idx_posts_user_id_status' });
    await step({ kind: 'addForeignKey', table: 'posts', columns: ['editor_id'], refTable: 'users', refColumns: ['id'], name: 'fk_posts_editor' });
    await step({ kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_editor_id_users' });
    await step({ kind: 'addCheck', table: 'posts', name: 'chk_posts_price', expression: 'price IS NULL OR price > 0' });
    await step({ kind: 'dropCheck', table: 'posts', name: 'chk_posts_price' });
    await step({ kind: 'dropIndex', name: 'idx_posts_user_id_status' });

    expect(await rows('SELECT id, user_id, headline AS title, status, price FROM posts ORDER BY id')).toEqual(postsBefore);
    expect(await rows('SELECT count(*) AS n FROM posts WHERE created_at IS NOT NULL')).toEqual([{ n: 3 }]);

    await step({ kind: 'dropColumn', table: 'posts', column: 'headline' });
    await step({ kind: 'dropColumn', table: 'posts', column: 'user_id' });
    await step({ kind: 'renameTable', from: 'posts', to: 'articles' });
    await step({ kind: 'renameTable', from: 'users', to: 'members' });
    expect(model.tables.find((x) => x.name === 'articles')?.foreignKeys.map((f) => f.refTable)).toEqual(['members']);
    await step({ kind: 'dropTable', table: 'articles' });
    expect(await rows('SELECT email, name, verified FROM members ORDER BY id')).toEqual([
      { email: 'ann@example.com', name: 'Ann', verified: 0 },
      { email: 'bob@example.com', name: 'anonymous', verified: 0 },
      { email: 'cy@example.com', name: 'Cy', verified: 0 },
    ]);
    expect(await rows('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('keeps foreign keys enforced through a rebuild: cascades still fire, children still point at their parents', async () => {
    await seed();
    await step({ kind: 'setNotNull', table: 'users', column: 'email' });
    await step({ kind: 'dropNotNull', table: 'posts', column: 'title' });
    await t.db.exec('DELETE FROM users WHERE id = 1');
    expect(await rows('SELECT id, user_id FROM posts ORDER BY id')).toEqual([{ id: 3, user_id: 2 }]);
    await expect(t.db.exec("INSERT INTO posts (user_id, title) VALUES (99, 'x')")).rejects.toThrow(/FOREIGN KEY constraint failed/);
  });

  it('fails a rebuild that would leave a foreign key violated, and changes nothing', async () => {
    await seed();
    await step({ kind: 'addColumn', table: 'posts', column: { name: 'editor_id', type: 'integer', nullable: true } });
    await t.db.exec('UPDATE posts SET editor_id = 42 WHERE id = 2');
    const before = await introspected(t.db);
    const op: Operation = {
      kind: 'addForeignKey',
      table: 'posts',
      columns: ['editor_id'],
      refTable: 'users',
      refColumns: ['id'],
      name: 'fk_posts_editor_id_users',
    };
    await expect(runStatements(t.db, dialect.render(op, { schema: model }))).rejects.toThrow(
      "rebuilding table posts broke a foreign key: row 2 of table posts has no matching row in table users; fix that data, then run the migration again",
    );
    await t.db.exec('PRAGMA foreign_keys = ON');
    expect(await introspected(t.db)).toEqual(before);
    expect(await rows('SELECT count(*) AS n FROM posts')).toEqual([{ n: 3 }]);
  });

  it('fails a rebuild that would break NOT NULL, and changes nothing', async () => {
    await seed();
    const before = await introspected(t.db);
    await expect(
      runStatements(t.db, dialect.render({ kind: 'setNotNull', table: 'users', column: 'name' }, { schema: model })),
    ).rejects.toThrow(/NOT NULL constraint failed: new_users.name/);
    await t.db.exec('PRAGMA foreign_keys = ON');
    expect(await introspected(t.db)).toEqual(before);
  });

  it('refuses to rebuild a table whose triggers or unlisted indexes a rebuild would drop', async () => {
    await seed();
    await t.db.exec('CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN SELECT 1; END');
    await expect(
      runStatements(t.db, dialect.render({ kind: 'dropDefault', table: 'posts', column: 'views' }, { schema: model })),
    ).rejects.toThrow(/rebuilding table posts would lose its trigger posts_touch, which the schema mig was given does not describe/);
    await t.db.exec('DROP TRIGGER posts_touch');
    await t.db.exec('CREATE INDEX posts_cheap ON posts (price) WHERE price < 2');
    await expect(
      runStatements(t.db, dialect.render({ kind: 'dropDefault', table: 'posts', column: 'views' }, { schema: model })),
    ).rejects.toThrow(/would lose its index posts_cheap/);
    await t.db.exec('PRAGMA foreign_keys = ON');
    await t.db.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID');
    const kv = await dialect.introspect(t.db);
    await expect(
      runStatements(t.db, dialect.render({ kind: 'setNotNull', table: 'kv', column: 'v' }, { schema: kv })),
    ).rejects.toThrow(/would lose its option WITHOUT ROWID or STRICT/);
    await t.db.exec('PRAGMA foreign_keys = ON');
  });

  it('keeps views on a rebuilt table working', async () => {
    await seed();
    await t.db.exec('CREATE VIEW published AS SELECT title FROM posts WHERE status = \'published\'');
    await step({ kind: 'dropDefault', table: 'posts', column: 'views' });
    expect(await rows('SELECT * FROM published')).toEqual([{ title: 'Hello' }]);
  });

  it('keeps the AUTOINCREMENT high-water mark through a rebuild', async () => {
    await seed();
    await t.db.exec('DELETE FROM posts WHERE id = 3');
    await step({ kind: 'dropDefault', table: 'posts', column: 'views' });
    await t.db.exec("INSERT INTO posts (title) VALUES ('new')");
    expect(await rows("SELECT id FROM posts WHERE title = 'new'")).toEqual([{ id: 4 }]);
  });

  it('drops the index of a UNIQUE constraint by rebuilding the table', async () => {
    await t.db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT CONSTRAINT uq_people_email UNIQUE, nick TEXT UNIQUE)');
    await t.db.exec("INSERT INTO people (email, nick) VALUES ('a@x', 'a'), ('b@x', 'b')");
    model = await dialect.introspect(t.db);
    expect(model.tables[0]?.indexes).toEqual([
      { name: 'idx_people_nick_unique', columns: ['nick'], unique: true, constraint: true },
      { name: 'uq_people_email', columns: ['email'], unique: true, constraint: true },
    ]);
    await step({ kind: 'dropIndex', name: 'uq_people_email' });
    await step({ kind: 'dropColumn', table: 'people', column: 'nick' });
    expect(await rows('SELECT email FROM people ORDER BY id')).toEqual([{ email: 'a@x' }, { email: 'b@x' }]);
  });
});

describeSqlite('hostile identifiers', () => {
  const parent = 'we"ird; --table';
  const child = 'select';
  const names = ['a b', 'größe', 'x"y', '--c', ';drop', 'order', "it's"];

  it('are quoted and escaped, run for real, and read back exactly', async () => {
    const t = await openTestDatabase('sqlite');
    try {
      const ops: Operation[] = [
        {
          kind: 'createTable',
          table: parent,
          columns: [
            { name: 'ïd', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
            ...names.map((name) => ({ name, type: 'string(20)', nullable: true, default: `'); DROP TABLE x; --` })),
          ],
        },
        {
          kind: 'createTable',
          table: child,
          columns: [
            { name: 'from', type: 'integer', nullable: false, primaryKey: true },
            { name: 'to"', type: 'integer', nullable: true, unique: true, references: { table: parent, column: 'ïd' } },
            { name: 'kind', type: 'enum(a b,c-d)', nullable: true },
          ],
        },
        { kind: 'createIndex', table: parent, columns: names.slice(0, 3), unique: true, name: 'idx "hostile"; --' },
        {
          kind: 'sql',
          up: `INSERT INTO ${sqliteDialect.quoteIdent(parent)} (${sqliteDialect.quoteIdent('a b')}) VALUES ('row "one"')`,
        },
        { kind: 'addCheck', table: parent, name: 'check "me"', expression: `"a b" <> 'x"y'` },
        { kind: 'setNotNull', table: child, column: 'kind' },
        { kind: 'renameColumn', table: parent, from: 'order', to: 'group by' },
        { kind: 'backfill', table: parent, set: { "it's": "it's" }, where: `"a b" = 'row "one"'` },
        { kind: 'renameTable', from: child, to: 'child "table"' },
      ];
      let model = emptySchema();
      await t.db.exec(`CREATE TABLE survivor (a INTEGER)`);
      model = await sqliteDialect.introspect(t.db);
      for (const op of ops) {
        await runStatements(t.db, sqliteDialect.render(op, { schema: model }));
        model = applyOperation(model, op);
        expect(await introspected(t.db)).toEqual(expected(model));
      }
      const introspectedParent = (await sqliteDialect.introspect(t.db)).tables.find((x) => x.name === parent);
      expect(introspectedParent?.checks).toEqual([{ name: 'check "me"', expression: `"a b" <> 'x"y'` }]);
      expect(introspectedParent?.columns.map((c) => c.name)).toEqual(['ïd', 'a b', 'größe', 'x"y', '--c', ';drop', 'group by', "it's"]);
      expect(introspectedParent?.columns[1]?.default).toBe(`'); DROP TABLE x; --`);
      expect((await t.db.query('SELECT name FROM sqlite_master WHERE name = ?', ['survivor'])).length).toBe(1);
      expect(await t.db.query(`SELECT "a b" AS v, "it's" AS w FROM ${sqliteDialect.quoteIdent(parent)}`)).toEqual([
        { v: 'row "one"', w: "it's" },
      ]);
    } finally {
      await t.dispose();
    }
  });
});
