import { parse } from 'libpg-query';
import { MigError } from '../../errors';
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import type { StatementFacts } from '../types';
import {
  calibration,
  estimate,
  MODEL_NAMES,
  modelSeconds,
  parseCalibration,
  WORK_CLASSES,
  workClassOf,
  type CalibrationPoint,
  type TableStats,
  type WorkClass,
} from './model';
import { estimateStatement } from './statement';

const SIZED: WorkClass[] = WORK_CLASSES.filter((w) => w !== 'metadata');
const BASIS = 'pg_class.reltuples';

/** A table of `rows` rows at `width` bytes a row, as introspection reports it. */
function sized(rows: number, width = 250): TableStats {
  return { rows, bytes: rows * width, basis: BASIS };
}

function facts(partial: Partial<StatementFacts> & { kind: string }): StatementFacts {
  return {
    sql: '',
    index: 0,
    transactional: true,
    inTransaction: false,
    tables: ['users'],
    locks: [],
    rewrite: false,
    scan: false,
    ...partial,
  };
}

async function parsed(sql: string): Promise<StatementFacts> {
  const tree = (await parse(sql)) as { stmts: { stmt: Record<string, unknown> }[] };
  const node = tree.stmts[0]!.stmt;
  return facts({ sql, kind: Object.keys(node)[0]!, node });
}

describe('estimate', () => {
  it.each(SIZED)('%s: unknown rows or bytes give no number and say to pass --db', (work) => {
    for (const stats of [
      { rows: null, bytes: 1_000_000, basis: BASIS },
      { rows: 1000, bytes: null, basis: BASIS },
      { rows: null, bytes: null, basis: '' },
    ]) {
      const e = estimate(work, stats);
      expect(e.seconds).toBeNull();
      expect(e.range).toBeUndefined();
      expect(e.basis).toMatch(/^unknown — pass --db/);
    }
  });

  it('names the missing size in the basis', () => {
    expect(estimate('rewrite', { rows: null, bytes: null, basis: BASIS }).basis).toBe(
      "unknown — pass --db to read the table's size (pg_class.reltuples)",
    );
    expect(estimate('validationScan', sized(1000), { referenced: { rows: null, bytes: null, basis: 'no statistics for orgs' } }).basis).toBe(
      "unknown — pass --db to read the referenced table's size (no statistics for orgs)",
    );
  });

  it('a catalog-only change costs the same at any size, and needs no size', () => {
    const small = estimate('metadata', sized(10));
    expect(estimate('metadata', sized(100_000_000)).seconds).toBe(small.seconds);
    const unknown = estimate('metadata', { rows: null, bytes: null, basis: '' });
    expect(unknown.seconds).toBe(small.seconds);
    expect(unknown.rows).toBeNull();
    expect(small.basis).toMatch(/^catalog-only change/);
  });

  it.each(SIZED)('%s: grows with rows and with bytes', (work) => {
    const sizes = [0, 1000, 100_000, 1_000_000, 10_000_000, 100_000_000];
    const byRows = sizes.map((rows) => estimate(work, sized(rows)).seconds as number);
    expect(byRows).toEqual([...byRows].sort((a, b) => a - b));
    expect(byRows[byRows.length - 1]).toBeGreaterThan(byRows[0]!);
    const byWidth = [50, 200, 1000, 4000].map((width) => estimate(work, sized(1_000_000, width)).seconds as number);
    expect(byWidth).toEqual([...byWidth].sort((a, b) => a - b));
  });

  it.each([...WORK_CLASSES])('%s: the range brackets the estimate', (work) => {
    for (const rows of [0, 5000, 1_000_000, 50_000_000]) {
      const e = estimate(work, sized(rows));
      const [low, high] = e.range as [number, number];
      expect(low).toBeLessThanOrEqual(e.seconds as number);
      expect(high).toBeGreaterThanOrEqual(e.seconds as number);
      expect(low).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives the basis: where the size came from and what calibrated the model', () => {
    const cal = calibration();
    const e = estimate('rewrite', sized(1_000_000));
    expect(e.rows).toBe(1_000_000);
    expect(e.basis).toBe(`${BASIS}; model calibrated on PostgreSQL ${cal.serverVersion}, ${cal.machine.cores} cores, ${cal.date}`);
    expect(estimate('rewrite', sized(1_000_000_000)).basis).toMatch(/extrapolated beyond the [\d,]+ rows measured$/);
  });

  it('prices an index key by its columns and by collated text', () => {
    const rows = sized(1_000_000);
    const int = estimate('indexBuild', rows).seconds as number;
    expect(estimate('indexBuild', rows, { columns: 3 }).seconds).toBeGreaterThanOrEqual(int);
    expect(estimate('indexBuild', rows, { columns: 1, textColumns: 1 }).seconds).toBeGreaterThan(int);
    expect(estimate('concurrentIndexBuild', rows, { textColumns: 1 }).seconds).toBeGreaterThan(
      estimate('concurrentIndexBuild', rows).seconds as number,
    );
  });

  it('validates a foreign key with its own constants, reading the referenced table too', () => {
    const cal = calibration();
    const e = estimate('validationScan', sized(1_000_000), { referenced: sized(100_000, 40) });
    const expected = modelSeconds(cal.classes.foreignKeyValidation, {
      rows: 1_000_000,
      bytes: 250_000_000,
      referencedRows: 100_000,
      batches: 0,
      columns: 1,
      textColumns: 0,
    });
    expect(e.seconds).toBeCloseTo(expected, 2);
  });

  it('costs smaller backfill batches at least as much, and refuses a batch size below one row', () => {
    const rows = sized(1_000_000);
    const small = estimate('backfill', rows, { batchSize: 1000 }).seconds as number;
    expect(small).toBeGreaterThanOrEqual(estimate('backfill', rows, { batchSize: 50_000 }).seconds as number);
    expect(() => estimate('backfill', rows, { batchSize: 0 })).toThrow(MigError);
    expect(() => estimate('backfill', rows, { batchSize: 0 })).toThrow(/pass a batch size of at least 1/);
  });
});

describe('calibration.json', () => {
  const cal = calibration();

  it('records when, where and on what the model was measured', () => {
    expect(cal.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cal.serverVersion).toMatch(/^\d+\.\d+/);
    expect(cal.server).toMatch(/^PostgreSQL /);
    expect(cal.machine.cores).toBeGreaterThan(0);
    expect(cal.machine.memoryBytes).toBeGreaterThan(0);
  });

  it('has constants for every model and measured points for each', () => {
    expect(Object.keys(cal.classes).sort()).toEqual([...MODEL_NAMES].sort());
    for (const name of MODEL_NAMES) {
      expect(cal.points.filter((p) => p.class === name).length).toBeGreaterThanOrEqual(3);
    }
    expect(cal.heldOut.length).toBeGreaterThan(0);
  });

  it('evaluates every measured point as the benchmark did', () => {
    const all: CalibrationPoint[] = [...cal.points, ...cal.heldOut];
    for (const p of all) {
      const seconds = modelSeconds(cal.classes[p.class], {
        rows: p.rows,
        bytes: p.bytes,
        referencedRows: p.referencedRows ?? 0,
        batches: p.batchSize ? Math.ceil(p.rows / p.batchSize) : 0,
        columns: p.columns ?? 1,
        textColumns: p.textColumns ?? 0,
      });
      expect(Math.abs(seconds / p.estimate - 1)).toBeLessThan(0.01);
    }
  });

  it('rejects a file that lacks a model or has a bad constant, saying how to regenerate it', () => {
    const { foreignKeyValidation: _dropped, ...partial } = cal.classes;
    expect(() => parseCalibration({ ...cal, classes: partial }, 'c.json')).toThrow(
      'c.json: no constants for foreignKeyValidation; rerun node tools/bench/calibrate/calibrate.js to regenerate it',
    );
    const negative = { ...cal, classes: { ...cal.classes, rewrite: { ...cal.classes.rewrite, perRow: -1 } } };
    expect(() => parseCalibration(negative, 'c.json')).toThrow(/rewrite.perRow is not a non-negative number/);
    const badSpread = { ...cal, classes: { ...cal.classes, backfill: { ...cal.classes.backfill, spread: [1.2, 2] } } };
    expect(() => parseCalibration(badSpread, 'c.json')).toThrow(/backfill.spread/);
    expect(() => parseCalibration(null, 'c.json')).toThrow(MigError);
  });
});

describe('workClassOf', () => {
  const op = (o: Operation) => o;
  it.each<[string, Partial<StatementFacts> & { kind: string }, WorkClass | undefined]>([
    ['CREATE INDEX', { kind: 'IndexStmt' }, 'indexBuild'],
    ['CREATE INDEX CONCURRENTLY by kind', { kind: 'IndexStmt/concurrent' }, 'concurrentIndexBuild'],
    ['CREATE INDEX CONCURRENTLY by node', { kind: 'IndexStmt', node: { IndexStmt: { concurrent: true } } }, 'concurrentIndexBuild'],
    ['REINDEX', { kind: 'ReindexStmt' }, 'indexBuild'],
    [
      'a planned index, whatever the flags say',
      { kind: 'IndexStmt', scan: true, change: op({ kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'i' }) },
      'indexBuild',
    ],
    ['ALTER COLUMN TYPE that rewrites', { kind: 'AlterTableStmt/AT_AlterColumnType', rewrite: true }, 'rewrite'],
    [
      'ALTER COLUMN TYPE that does not (varchar widening)',
      { kind: 'AlterTableStmt/AT_AlterColumnType', change: op({ kind: 'alterColumnType', table: 'users', column: 'name', type: 'string(500)' }) },
      'metadata',
    ],
    ['ADD COLUMN with a volatile default', { kind: 'AlterTableStmt/AT_AddColumn', rewrite: true }, 'rewrite'],
    ['ADD COLUMN, catalog only', { kind: 'AlterTableStmt/AT_AddColumn' }, 'metadata'],
    ['SET NOT NULL with its scan', { kind: 'AlterTableStmt/AT_SetNotNull', scan: true }, 'validationScan'],
    [
      'SET NOT NULL proved by a validated CHECK',
      { kind: 'AlterTableStmt/AT_SetNotNull', change: op({ kind: 'setNotNull', table: 'users', column: 'email' }) },
      'metadata',
    ],
    ['VALIDATE CONSTRAINT', { kind: 'AlterTableStmt/AT_ValidateConstraint', scan: true }, 'validationScan'],
    ['ADD FOREIGN KEY … NOT VALID', { kind: 'AlterTableStmt/AT_AddConstraint' }, 'metadata'],
    [
      'ADD UNIQUE built in place',
      { kind: 'AlterTableStmt/AT_AddConstraint', node: { AlterTableStmt: { cmds: [{ AlterTableCmd: { subtype: 'AT_AddConstraint', def: { Constraint: { contype: 'CONSTR_UNIQUE' } } } }] } } },
      'indexBuild',
    ],
    [
      'ADD UNIQUE USING INDEX',
      { kind: 'AlterTableStmt/AT_AddConstraint', node: { AlterTableStmt: { cmds: [{ AlterTableCmd: { subtype: 'AT_AddConstraint', def: { Constraint: { contype: 'CONSTR_UNIQUE', indexname: 'i' } } } }] } } },
      'metadata',
    ],
    ['a planned backfill', { kind: 'UpdateStmt', change: op({ kind: 'backfill', table: 'users', set: { active: true } }) }, 'backfill'],
    ['a raw UPDATE', { kind: 'UpdateStmt' }, 'backfill'],
    ['DROP TABLE', { kind: 'DropStmt/OBJECT_TABLE' }, 'metadata'],
    ['TRUNCATE, whose new relfilenode is no copy', { kind: 'TruncateStmt', rewrite: true }, 'metadata'],
    ['REINDEX, whose new relfilenode is an index build', { kind: 'ReindexStmt/REINDEX_OBJECT_INDEX', rewrite: true, scan: true }, 'indexBuild'],
    ['MySQL CREATE UNIQUE INDEX', { kind: 'CREATE UNIQUE INDEX' }, 'indexBuild'],
    ['MySQL ALTER TABLE … ADD INDEX in place', { kind: 'ALTER TABLE/addIndex' }, 'indexBuild'],
    ['MySQL ALTER TABLE … ADD INDEX that copies the table', { kind: 'ALTER TABLE/addIndex,modifyColumn', rewrite: true }, 'rewrite'],
    ['MySQL ALTER TABLE … ADD COLUMN, instant', { kind: 'ALTER TABLE/addColumn' }, 'metadata'],
    ['MySQL TRUNCATE TABLE', { kind: 'TRUNCATE TABLE', rewrite: true }, 'metadata'],
    ['MySQL UPDATE', { kind: 'UPDATE' }, 'backfill'],
    ['SQLite DROP COLUMN rebuilding the table', { kind: 'ALTER TABLE DROP COLUMN', rewrite: true }, 'rewrite'],
    ['SQLite DROP INDEX', { kind: 'DROP' }, 'metadata'],
    ['RENAME COLUMN', { kind: 'RenameStmt' }, 'metadata'],
    ['CREATE TABLE', { kind: 'CreateStmt', change: op({ kind: 'createTable', table: 'users', columns: [] }) }, 'metadata'],
    ['raw SQL change of an unknown kind', { kind: 'DoStmt', change: op({ kind: 'sql', up: 'DO $$ $$' }) }, undefined],
    ['SET lock_timeout', { kind: 'VariableSetStmt' }, undefined],
    ['BEGIN', { kind: 'TransactionStmt' }, undefined],
    ['SELECT', { kind: 'SelectStmt' }, undefined],
    ['an unparsable statement', { kind: 'unknown', parseError: 'syntax error', rewrite: true }, undefined],
  ])('%s', (_name, partial, expected) => {
    expect(workClassOf(facts(partial))).toBe(expected);
  });

  it('reads the real parser tree', async () => {
    expect(workClassOf(await parsed('CREATE INDEX CONCURRENTLY i ON users (email)'))).toBe('concurrentIndexBuild');
    expect(workClassOf(await parsed('REINDEX (CONCURRENTLY) INDEX i'))).toBe('concurrentIndexBuild');
    expect(workClassOf(await parsed('REINDEX INDEX i'))).toBe('indexBuild');
    expect(workClassOf(await parsed('ALTER TABLE users ADD PRIMARY KEY (id)'))).toBe('indexBuild');
    expect(workClassOf(await parsed('ALTER TABLE users ADD CONSTRAINT u UNIQUE USING INDEX i'))).toBe('metadata');
  });
});

describe('estimateStatement', () => {
  const schema: Schema = {
    tables: [
      {
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', nullable: false },
          { name: 'email', type: 'string(255)', nullable: false },
          { name: 'org_id', type: 'integer', nullable: false },
        ],
        primaryKey: ['id'],
        indexes: [],
        foreignKeys: [{ name: 'fk_users_org_id_orgs', columns: ['org_id'], refTable: 'orgs', refColumns: ['id'] }],
        checks: [],
        stats: sized(2_000_000),
      },
      { name: 'orgs', columns: [], primaryKey: [], indexes: [], foreignKeys: [], checks: [], stats: sized(50_000, 80) },
    ],
  };

  it('sizes an index build by its key', async () => {
    const text = estimateStatement(await parsed('CREATE INDEX i ON users (email)'), schema);
    const int = estimateStatement(await parsed('CREATE INDEX i ON users (org_id)'), schema);
    expect(text?.seconds).toBe(estimate('indexBuild', sized(2_000_000), { columns: 1, textColumns: 1 }).seconds);
    expect(int?.seconds).toBe(estimate('indexBuild', sized(2_000_000)).seconds);
  });

  it('validates a foreign key against its referenced table, found by constraint name', async () => {
    const validate = { ...(await parsed('ALTER TABLE users VALIDATE CONSTRAINT fk_users_org_id_orgs')), scan: true };
    expect(estimateStatement(validate, schema)?.seconds).toBe(
      estimate('validationScan', sized(2_000_000), { referenced: sized(50_000, 80) }).seconds,
    );
    const add = { ...(await parsed('ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs (id)')), scan: true };
    expect(estimateStatement(add, schema)?.seconds).toBe(estimateStatement(validate, schema)?.seconds);
  });

  it('runs a planned backfill in batches and a raw UPDATE as one statement', async () => {
    const change: Operation = { kind: 'backfill', table: 'users', set: { email: 'x' } };
    const planned = estimateStatement(facts({ kind: 'UpdateStmt', change }), schema, { batchSize: 5000 });
    expect(planned?.seconds).toBe(estimate('backfill', sized(2_000_000), { batchSize: 5000 }).seconds);
    const raw = estimateStatement(await parsed("UPDATE users SET email = 'x'"), schema);
    expect(raw?.seconds).toBe(estimate('backfill', sized(2_000_000), { batchSize: 2_000_000 }).seconds);
  });

  it('without statistics says to pass --db; without table work gives nothing', async () => {
    const e = estimateStatement(facts({ kind: 'AlterTableStmt/AT_AlterColumnType', rewrite: true }), undefined);
    expect(e).toEqual({ seconds: null, rows: null, basis: "unknown — pass --db to read the table's size (no statistics for users)" });
    expect(estimateStatement(await parsed('SET lock_timeout = 1000'), schema)).toBeUndefined();
  });
});
