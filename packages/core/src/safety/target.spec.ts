import { connect } from '../db/connect';
import { type TestDatabase, describeTargets, openTestDatabase } from '../testing/databases';
import { detectTarget, parseMysqlVersion, parsePgVersion } from './target';

describe('versions', () => {
  test.each([
    ['8.0', { dialect: 'mysql', version: 80000, flavor: 'mysql' }],
    ['8.0.29', { dialect: 'mysql', version: 80029, flavor: 'mysql' }],
    ['mariadb:10.11', { dialect: 'mysql', version: 101100, flavor: 'mariadb' }],
    ['10.11.19-MariaDB-0+deb12u1', { dialect: 'mysql', version: 101119, flavor: 'mariadb' }],
    ['10.1', { dialect: 'mysql', version: 100100, flavor: 'mariadb' }],
  ])('MySQL %s', (text, target) => {
    expect(parseMysqlVersion(text)).toEqual(target);
  });

  test('10.10 and 10.1 are different versions', () => {
    expect(parseMysqlVersion('10.10').version).toBeGreaterThan(parseMysqlVersion('10.1').version);
  });

  test.each([['15', 15], ['12.4', 12]])('PostgreSQL %s', (text, major) => {
    expect(parsePgVersion(text).version).toBe(major);
  });

  test.each(['banana', '7', ''])('%j is refused', (text) => {
    expect(() => parsePgVersion(text)).toThrow(/--pg-version 15/);
  });
});

describeTargets(['postgres', 'mysql', 'sqlite'])('detectTarget on %s', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
  });
  afterAll(() => t.dispose());

  test('reads the server version', async () => {
    const db = t.url ? await connect(t.url) : t.db;
    const detected = await detectTarget(db);
    if (t.url) await db.close();
    if (target === 'postgres') expect(detected).toEqual({ dialect: 'postgres', version: 15 });
    if (target === 'mysql') expect(detected).toMatchObject({ dialect: 'mysql', flavor: 'mariadb', version: expect.any(Number) });
    if (target === 'mysql') expect(detected.version).toBeGreaterThanOrEqual(101100);
    if (target === 'sqlite') expect(detected).toEqual({ dialect: 'sqlite', version: 3 });
  });
});
