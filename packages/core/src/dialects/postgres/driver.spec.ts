import { PG_ADMIN_URL, type TestDatabase, openTestDatabase, describeTargets } from '../../testing/databases';
import { openPg } from './driver';


describeTargets(['postgres', 'pglite'])('the %s connection', (target) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(target);
  });
  afterAll(() => test.dispose());

  it('names its driver and dialect', () => {
    expect(test.db.dialect).toBe('postgres');
    expect(test.db.driver).toBe(target === 'postgres' ? 'pg' : 'pglite');
    if (target === 'pglite') expect(test.db.displayUrl).toBe('pglite:memory');
  });

  it('runs parameterised queries and plain statements, SET and DO blocks included', async () => {
    await test.db.exec("SET statement_timeout = '5s'");
    await test.db.exec('DO $$ BEGIN CREATE TABLE made_in_do (x integer); END $$');
    await test.db.exec('INSERT INTO made_in_do VALUES (1), (2)');
    expect(await test.db.query('SELECT x FROM made_in_do WHERE x > $1 ORDER BY x', [1])).toEqual([{ x: 2 }]);
    expect(await test.db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '5s' }]);
    await test.db.exec('RESET statement_timeout');
  });

  it('passes database errors through unchanged', async () => {
    await expect(test.db.query('SELECT * FROM no_such_table')).rejects.toMatchObject({
      code: '42P01',
      message: 'relation "no_such_table" does not exist',
    });
    await expect(test.db.exec('CREATE TABLE')).rejects.toMatchObject({ code: '42601' });
  });
});

describeTargets(['postgres'])('openPg on %s', () => {
  it('hides the password in displayUrl', async () => {
    const url = new URL(PG_ADMIN_URL);
    url.password = 'sekret';
    const db = await openPg(url.toString());
    try {
      expect(db.displayUrl).not.toContain('sekret');
      expect(db.displayUrl).toContain(':***@');
    } finally {
      await db.close();
    }
  });
});
