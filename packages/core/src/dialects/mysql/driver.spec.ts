import { redactUrl } from '../../db/connection';
import { MigError } from '../../errors';
import { MYSQL_ADMIN_URL, describeTargets } from '../../testing/databases';
import { openMysql } from './driver';

describe('openMysql', () => {
  it('refuses a URL of another database, without printing its password', async () => {
    const error = await openMysql('postgres://u:secret@localhost/db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigError);
    expect((error as MigError).message).toContain('postgres://u:***@localhost/db');
    expect((error as MigError).message).not.toContain('secret');
  });
});

/** Listed as skipped, not silently absent, when the mysql target is not selected. */
const describeDb = describeTargets(['mysql']);

describeDb('openMysql on %s', () => {
  it.each(['mysql', 'mariadb'])('connects with a %s:// URL', async (scheme) => {
    const url = MYSQL_ADMIN_URL.replace(/^[a-z]+:/, `${scheme}:`);
    const db = await openMysql(url);
    try {
      expect(db.dialect).toBe('mysql');
      expect(db.driver).toBe('mysql');
      expect(db.displayUrl).toBe(redactUrl(url));
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('binds parameters on the server, so no value is spliced into the SQL', async () => {
    const db = await openMysql(MYSQL_ADMIN_URL);
    try {
      const hostile = `\\'; SELECT 'x`;
      await db.exec(`SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')`);
      expect(await db.query('SELECT ? AS v, ? AS n', [hostile, 5])).toEqual([{ v: hostile, n: 5 }]);
      expect(await db.query('DO 1')).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
