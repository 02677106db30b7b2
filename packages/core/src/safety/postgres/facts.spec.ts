import type { Schema } from '../../model/schema';
import { type PostgresAnalyzeOptions, analyzePostgresSql, loadPostgresParser } from './analyze';

beforeAll(loadPostgresParser);

/** One line per statement: kind, locks, rewrite / scan / non-transactional flags, notes. */
function facts(sql: string, options: PostgresAnalyzeOptions = {}): string[] {
  return analyzePostgresSql(sql, options).map((f) => {
    const flags = [f.rewrite && 'rewrite', f.scan && 'scan', !f.transactional && 'no-transaction'].filter(Boolean);
    const locks = f.locks.map((l) => `${l.table}: ${l.mode}`).join(', ');
    return [f.kind, locks && `[${locks}]`, ...flags, ...(f.notes ?? []).map((n) => `(${n})`)].filter(Boolean).join(' ');
  });
}

const SCHEMA: Schema = {
  tables: [
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false },
        { name: 'email', type: 'string(100)', nullable: true },
        { name: 'seen', type: 'timestamp', nullable: true },
        { name: 'score', type: 'integer', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'idx_users_email', columns: ['email'], unique: false }],
      foreignKeys: [],
      checks: [{ name: 'chk_users_score', expression: '(score IS NOT NULL)' }],
    },
  ],
};

describe('version-aware facts', () => {
  it('ADD COLUMN with a constant default rewrites before PostgreSQL 11 only', () => {
    const sql = 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true';
    expect([...facts(sql, { version: 10 }), ...facts(sql, { version: 11 })]).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_AddColumn [users: ACCESS EXCLUSIVE] rewrite scan",
  "AlterTableStmt/AT_AddColumn [users: ACCESS EXCLUSIVE]",
]
`);
  });

  it('SET NOT NULL skips the scan with a validated CHECK from PostgreSQL 12', () => {
    const sql = 'ALTER TABLE users ALTER COLUMN score SET NOT NULL';
    expect([...facts(sql, { version: 11, schema: SCHEMA }), ...facts(sql, { version: 12, schema: SCHEMA }), ...facts(sql)]).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_SetNotNull [users: ACCESS EXCLUSIVE] scan",
  "AlterTableStmt/AT_SetNotNull [users: ACCESS EXCLUSIVE] (CHECK chk_users_score from the schema is assumed validated, so SET NOT NULL skips the scan)",
  "AlterTableStmt/AT_SetNotNull [users: ACCESS EXCLUSIVE] scan (whether a validated CHECK (score IS NOT NULL) exists on users is unknown (pass --schema-from or --db); assumed SET NOT NULL scans the table)",
]
`);
  });

  it('CONCURRENTLY forms exist from 9.2 (DROP INDEX), 12 (REINDEX), 14 (DETACH PARTITION)', () => {
    const sql = 'DROP INDEX CONCURRENTLY idx_users_email; REINDEX TABLE CONCURRENTLY users; ALTER TABLE events DETACH PARTITION events_1 CONCURRENTLY';
    expect([...facts(sql, { version: 9.1, schema: SCHEMA }), ...facts(sql, { version: 13, schema: SCHEMA }), ...facts(sql, { schema: SCHEMA })]).toMatchInlineSnapshot(`
[
  "DropStmt/OBJECT_INDEX [users: SHARE UPDATE EXCLUSIVE] no-transaction (DROP INDEX CONCURRENTLY needs PostgreSQL 9.2; version 9.1 refuses this statement)",
  "ReindexStmt/REINDEX_OBJECT_TABLE [users: SHARE] scan (REINDEX CONCURRENTLY needs PostgreSQL 12; version 9.1 refuses this statement)",
  "AlterTableStmt/AT_DetachPartition [events: ACCESS EXCLUSIVE, events_1: ACCESS EXCLUSIVE] (DETACH PARTITION CONCURRENTLY needs PostgreSQL 14; version 9.1 refuses this statement)",
  "DropStmt/OBJECT_INDEX [users: SHARE UPDATE EXCLUSIVE] no-transaction",
  "ReindexStmt/REINDEX_OBJECT_TABLE [users: SHARE UPDATE EXCLUSIVE] scan no-transaction",
  "AlterTableStmt/AT_DetachPartition [events: ACCESS EXCLUSIVE, events_1: ACCESS EXCLUSIVE] (DETACH PARTITION CONCURRENTLY needs PostgreSQL 14; version 13 refuses this statement)",
  "DropStmt/OBJECT_INDEX [users: SHARE UPDATE EXCLUSIVE] no-transaction",
  "ReindexStmt/REINDEX_OBJECT_TABLE [users: SHARE UPDATE EXCLUSIVE] scan no-transaction",
  "AlterTableStmt/AT_DetachPartition [events: SHARE UPDATE EXCLUSIVE, events_1: ACCESS EXCLUSIVE] no-transaction",
]
`);
  });

  it('ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent from PostgreSQL 12', () => {
    const sql = 'ALTER TABLE events ATTACH PARTITION events_2 FOR VALUES FROM (1) TO (2)';
    expect([...facts(sql, { version: 11 }), ...facts(sql, { version: 12 })]).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_AttachPartition [events: ACCESS EXCLUSIVE, events_2: ACCESS EXCLUSIVE] scan",
  "AlterTableStmt/AT_AttachPartition [events: SHARE UPDATE EXCLUSIVE, events_2: ACCESS EXCLUSIVE] scan",
]
`);
  });

  it('ALTER TYPE … ADD VALUE runs in a transaction from PostgreSQL 12', () => {
    const sql = "ALTER TYPE mood ADD VALUE 'calm'";
    expect([...facts(sql, { version: 11 }), ...facts(sql, { version: 12 })]).toMatchInlineSnapshot(`
[
  "AlterEnumStmt no-transaction",
  "AlterEnumStmt",
]
`);
  });

  it('timestamp → timestamptz: a relabel only in a UTC session from PostgreSQL 12', () => {
    const sql = 'ALTER TABLE users ALTER COLUMN seen TYPE timestamptz';
    const seen = [
      ...facts(sql, { schema: SCHEMA }),
      ...facts(`SET TIME ZONE 'UTC'; ${sql}`, { schema: SCHEMA }),
      ...facts(sql, { schema: SCHEMA, timeZone: 'Europe/Paris' }),
      ...facts(sql, { schema: SCHEMA, timeZone: 'UTC', version: 11 }),
    ];
    expect(seen).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_AlterColumnType [users: ACCESS EXCLUSIVE] rewrite scan (timestamp → timestamptz: no rewrite only when the session TimeZone is UTC, which is not known here; assumed a rewrite (SET TimeZone = 'UTC' before it to avoid one))",
  "VariableSetStmt/VAR_SET_VALUE",
  "AlterTableStmt/AT_AlterColumnType [users: ACCESS EXCLUSIVE] (timestamp → timestamptz: no rewrite because the session TimeZone is UTC; in another time zone it rewrites the table)",
  "AlterTableStmt/AT_AlterColumnType [users: ACCESS EXCLUSIVE] rewrite scan",
  "AlterTableStmt/AT_AlterColumnType [users: ACCESS EXCLUSIVE] rewrite scan",
]
`);
  });
});

describe('what earlier statements tell later ones', () => {
  it('a column created in the text has a known type', () => {
    const sql = [
      'CREATE TABLE tags (id bigint PRIMARY KEY, label varchar(20) NOT NULL)',
      'ALTER TABLE tags ALTER COLUMN label TYPE varchar(40)',
      'ALTER TABLE tags RENAME COLUMN label TO name',
      'ALTER TABLE tags ALTER COLUMN name TYPE varchar(10)',
      'ALTER TABLE tags ALTER COLUMN name SET NOT NULL',
    ].join(';\n');
    expect(facts(sql)).toMatchInlineSnapshot(`
[
  "CreateStmt [tags: ACCESS EXCLUSIVE]",
  "AlterTableStmt/AT_AlterColumnType [tags: ACCESS EXCLUSIVE]",
  "RenameStmt/OBJECT_COLUMN [tags: ACCESS EXCLUSIVE]",
  "AlterTableStmt/AT_AlterColumnType [tags: ACCESS EXCLUSIVE] rewrite scan",
  "AlterTableStmt/AT_SetNotNull [tags: ACCESS EXCLUSIVE]",
]
`);
  });

  it('an index created in the text is known when dropped', () => {
    expect(facts('CREATE INDEX idx_t ON t (a); DROP INDEX idx_t; DROP INDEX idx_unknown')).toMatchInlineSnapshot(`
[
  "IndexStmt [t: SHARE] scan",
  "DropStmt/OBJECT_INDEX [t: ACCESS EXCLUSIVE]",
  "DropStmt/OBJECT_INDEX (the table of index idx_unknown is unknown (pass --schema-from or --db); its lock is not listed)",
]
`);
  });

  it('a CHECK validated in the text proves NOT NULL; one added NOT VALID does not', () => {
    const sql = [
      'ALTER TABLE users ADD CONSTRAINT c1 CHECK (email IS NOT NULL) NOT VALID',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
      'ALTER TABLE users VALIDATE CONSTRAINT c1',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
    ].join(';\n');
    expect(facts(sql, { schema: SCHEMA })).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_AddConstraint [users: ACCESS EXCLUSIVE]",
  "AlterTableStmt/AT_SetNotNull [users: ACCESS EXCLUSIVE] scan",
  "AlterTableStmt/AT_ValidateConstraint [users: SHARE UPDATE EXCLUSIVE] scan",
  "AlterTableStmt/AT_SetNotNull [users: ACCESS EXCLUSIVE]",
]
`);
  });
});

describe('what the analyzer does not know, it says', () => {
  it('statements it does not model, and DO blocks', () => {
    expect(facts("CREATE STATISTICS s ON a, b FROM users; DO $$ BEGIN PERFORM 1; END $$; GRANT SELECT ON users TO app")).toMatchInlineSnapshot(`
[
  "CreateStatsStmt (the locks CreateStatsStmt takes are not modelled; none are listed)",
  "DoStmt (the statements inside the DO block are not analysed)",
  "GrantStmt (the locks GrantStmt takes are not modelled; none are listed)",
]
`);
  });

  it('a type change and a DROP TABLE without the schema', () => {
    expect(facts('ALTER TABLE users ALTER COLUMN email TYPE text; DROP TABLE users')).toMatchInlineSnapshot(`
[
  "AlterTableStmt/AT_AlterColumnType [users: ACCESS EXCLUSIVE] rewrite scan (the current type of users.email is unknown (pass --schema-from or --db); assumed the change to text rewrites the table)",
  "DropStmt/OBJECT_TABLE [users: ACCESS EXCLUSIVE] (the foreign keys of users are unknown (pass --schema-from or --db); the tables they reference are locked ACCESS EXCLUSIVE too)",
]
`);
  });
});
