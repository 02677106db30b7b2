import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../db/connect';
import { getDialect } from '../dialects/index';
import { MigError } from '../errors';
import { findTable } from '../model/schema';
import { type TestDatabase, describeTargets, openTestDatabase } from '../testing/databases';
import { plan } from './plan';
import { prepareAnalyzer } from '../safety/analyze';
import { loadSchema, sqlFilesUnder } from './schema-source';

beforeAll(() => prepareAnalyzer('postgres'));

describe('--schema-from', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-schema-'));
    writeFileSync(join(dir, '002_posts.sql'), 'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id));');
    writeFileSync(join(dir, '001_users.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email varchar(255) NOT NULL);\nCREATE INDEX users_email ON users (email);');
    writeFileSync(join(dir, '001_users.down.sql'), 'DROP TABLE users;');
    writeFileSync(join(dir, 'README.md'), 'not SQL');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('lists the up files in name order, skipping downs and other files', () => {
    expect(sqlFilesUnder(dir).map((f) => f.slice(dir.length + 1))).toEqual(['001_users.sql', '002_posts.sql']);
  });

  test.each(['postgres', 'sqlite'])('replays into embedded %s and introspects the result', async (name) => {
    const schema = await loadSchema({ dialect: getDialect(name), schemaFrom: dir });
    expect(schema!.tables.map((t) => t.name).sort()).toEqual(['posts', 'users']);
    expect(findTable(schema!, 'users')!.indexes.map((i) => i.name)).toEqual(['users_email']);
    expect(findTable(schema!, 'posts')!.foreignKeys[0]!.refTable).toBe('users');
  });

  test('a file that does not replay is an error naming it', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'mig-bad-'));
    writeFileSync(join(bad, '001_broken.sql'), 'CREATE TABLE (;');
    await expect(loadSchema({ dialect: getDialect('sqlite'), schemaFrom: bad })).rejects.toThrow(
      /^could not replay .*001_broken\.sql into embedded SQLite: .*; fix the file or pass --db instead$/,
    );
    rmSync(bad, { recursive: true, force: true });
  });

  test('with the schema known, the plan checks names and restores drops exactly', async () => {
    const schema = await loadSchema({ dialect: getDialect('sqlite'), schemaFrom: dir });
    const dialect = getDialect('sqlite');
    expect(() => plan('rename column name to full_name in users', { dialect, schema: schema! })).toThrow(
      'table users has no column name; columns are: id, email',
    );
    expect(() => plan('add email to users', { dialect, schema: schema! })).toThrow(MigError);
    const removal = plan('remove index on users.email', { dialect, schema: schema! });
    expect(removal.up).toEqual(['DROP INDEX users_email']);
    expect(removal.down).toEqual(['CREATE INDEX users_email ON users (email)']);
    expect(removal.analysis.reversible).toBe(true);
  });
});

describeTargets(['postgres', 'mysql'])('--db on the %s server', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await t.db.exec('CREATE TABLE users (id integer PRIMARY KEY, email varchar(255) NOT NULL, old_name varchar(50))');
  });
  afterAll(() => t.dispose());

  test('introspects the live schema and plans against it', async () => {
    const dialect = getDialect(t.dialect);
    const schema = await loadSchema({ dialect, db: t.url! });
    const p = plan('remove old_name from users', { dialect, schema: schema! });
    expect(p.analysis.reversible).toBe(true);
    expect(p.analysis.dataLoss).toBe(true);
    expect(p.down.join('\n')).toMatch(/old_name varchar\(50\)/);
  });

  test('the connection it uses refuses writes', async () => {
    const db = await connect(t.url!, { readOnly: true });
    await expect(db.exec('CREATE TABLE sneaky (id integer)')).rejects.toThrow(/read[- ]only/i);
    await db.close();
  });

  test('a --db of another dialect than --dialect is an error', async () => {
    const other = getDialect(t.dialect === 'postgres' ? 'mysql' : 'postgres');
    await expect(loadSchema({ dialect: other, db: t.url! })).rejects.toThrow(/make them agree/);
  });
});
