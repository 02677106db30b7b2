import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from './driver';

describe('openSqlite', () => {
  it('opens a file with foreign keys enforced, binds parameters, and returns rows only for queries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mig-sqlite-'));
    const path = join(dir, 'app.db');
    const db = await openSqlite(path);
    try {
      expect([db.dialect, db.driver, db.displayUrl]).toEqual(['sqlite', 'sqlite', `sqlite:${path}`]);
      expect(await db.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, flag BOOLEAN, note TEXT)');
      expect(await db.query('INSERT INTO t (flag, note) VALUES (?, ?)', [true, undefined])).toEqual([]);
      expect(await db.query('SELECT id, flag, note FROM t WHERE flag = ?', [true])).toEqual([{ id: 1, flag: 1, note: null }]);
      expect(await db.query('INSERT INTO t (flag) VALUES (0) RETURNING id')).toEqual([{ id: 2 }]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs one statement per exec, and reads every row of a query so a failing row raises', async () => {
    const db = await openSqlite(':memory:');
    try {
      await expect(db.exec('SELECT 1; SELECT 2')).rejects.toThrow(/more than one statement/);
      await db.exec('CREATE TABLE t (a TEXT)');
      await db.exec("INSERT INTO t VALUES ('ok'), ('bad')");
      await expect(db.exec("SELECT json_extract('{}', a) FROM t WHERE a = 'bad'")).rejects.toThrow(/bad JSON path: 'bad'/);
      await expect(db.exec("SELECT json_extract('{}', a) FROM t WHERE a = 'none'")).resolves.toBeUndefined();
      await expect(db.query('SELECT * FROM missing')).rejects.toThrow(/no such table: missing/);
      await expect(db.exec('INSERT INTO missing VALUES (1)')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    } finally {
      await db.close();
    }
  });
});
