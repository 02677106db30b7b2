import type { Operation } from '../model/operations';

/**
 * The fixture every round trip starts from: two related tables holding rows, with an index,
 * a foreign key, a check and defaults, so each operation kind has something real to change.
 */
export const FIXTURE_OPERATIONS: Operation[] = [
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'name', type: 'string(100)', nullable: true },
      { name: 'old_name', type: 'string(50)', nullable: true },
      { name: 'age', type: 'integer', nullable: true },
      { name: 'active', type: 'boolean', nullable: false, default: true },
      { name: 'score', type: 'decimal(10,2)', nullable: true },
      { name: 'created_at', type: 'timestamp', nullable: true },
    ],
  },
  { kind: 'createIndex', table: 'users', columns: ['name'], unique: false, name: 'idx_users_name' },
  {
    kind: 'createTable',
    table: 'posts',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'user_id', type: 'bigint', nullable: false },
      { name: 'reviewer_id', type: 'bigint', nullable: true },
      { name: 'approver_id', type: 'bigint', nullable: true },
      { name: 'title', type: 'string(200)', nullable: false },
      { name: 'body', type: 'text', nullable: true },
    ],
  },
  {
    kind: 'addForeignKey',
    table: 'posts',
    columns: ['user_id'],
    refTable: 'users',
    refColumns: ['id'],
    onDelete: 'cascade',
    name: 'fk_posts_user_id_users',
  },
  {
    kind: 'addForeignKey',
    table: 'posts',
    columns: ['approver_id'],
    refTable: 'users',
    refColumns: ['id'],
    name: 'fk_posts_approver_id_users',
  },
  { kind: 'addCheck', table: 'posts', name: 'chk_posts_title', expression: "title <> ''" },
  { kind: 'addCheck', table: 'posts', name: 'chk_posts_body', expression: "body <> ''" },
];

/** Rows inserted after the fixture tables exist (portable SQL). */
export const FIXTURE_ROWS: string[] = [
  "INSERT INTO users (email, name, old_name, age, active, score, created_at) VALUES ('ada@example.com', 'Ada', 'ada_l', 36, TRUE, 10.50, '2024-01-15 14:30:00')",
  "INSERT INTO users (email, name, old_name, age, active, score, created_at) VALUES ('alan@example.com', 'Alan', NULL, 41, FALSE, NULL, '2024-01-16 09:00:00')",
  "INSERT INTO users (email, name, old_name, age, active, score, created_at) VALUES ('grace@example.com', 'Grace', 'gh', 85, TRUE, 99.99, NULL)",
  "INSERT INTO posts (user_id, reviewer_id, approver_id, title, body) VALUES (1, NULL, 2, 'Notes', 'On the analytical engine')",
  "INSERT INTO posts (user_id, reviewer_id, approver_id, title, body) VALUES (2, 1, NULL, 'Computable numbers', NULL)",
  "INSERT INTO posts (user_id, reviewer_id, approver_id, title, body) VALUES (3, 2, 1, 'COBOL', 'Compilers')",
];

export interface RoundTripCase {
  /** the operation kind this case proves */
  kind: Operation['kind'];
  /** what the case adds beyond the plain kind, for variants */
  variant?: string;
  ops: Operation[];
  /** table.column pairs whose data the up destroys (not compared after down) */
  destroys?: string[];
  /** tables whose rows the up destroys */
  destroysTables?: string[];
  /** for raw SQL: the operations that describe its effect on the schema model */
  modelOps?: Operation[];
}

/** One case per operation kind, each applied to the fixture. */
export const ROUND_TRIP_CASES: RoundTripCase[] = [
  {
    kind: 'createTable',
    ops: [
      {
        kind: 'createTable',
        table: 'comments',
        columns: [
          { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'post_id', type: 'bigint', nullable: false, references: { table: 'posts', column: 'id', onDelete: 'cascade' } },
          { name: 'slug', type: 'string(80)', nullable: false, unique: true },
          { name: 'body', type: 'text', nullable: false },
          { name: 'created_at', type: 'timestamp', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
        ],
      },
    ],
  },
  { kind: 'dropTable', ops: [{ kind: 'dropTable', table: 'posts' }], destroysTables: ['posts'] },
  { kind: 'renameTable', ops: [{ kind: 'renameTable', from: 'posts', to: 'articles' }] },
  {
    kind: 'addColumn',
    ops: [
      {
        kind: 'addColumn',
        table: 'users',
        column: { name: 'email_verified', type: 'boolean', nullable: false, default: false },
      },
    ],
  },
  { kind: 'dropColumn', ops: [{ kind: 'dropColumn', table: 'users', column: 'old_name' }], destroys: ['users.old_name'] },
  { kind: 'renameColumn', ops: [{ kind: 'renameColumn', table: 'users', from: 'name', to: 'full_name' }] },
  { kind: 'alterColumnType', ops: [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'bigint' }] },
  { kind: 'setNotNull', ops: [{ kind: 'setNotNull', table: 'users', column: 'age' }] },
  { kind: 'dropNotNull', ops: [{ kind: 'dropNotNull', table: 'users', column: 'email' }] },
  { kind: 'setDefault', ops: [{ kind: 'setDefault', table: 'users', column: 'age', default: 18 }] },
  { kind: 'dropDefault', ops: [{ kind: 'dropDefault', table: 'users', column: 'active' }] },
  {
    kind: 'createIndex',
    ops: [{ kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'idx_users_email_unique' }],
  },
  { kind: 'dropIndex', ops: [{ kind: 'dropIndex', name: 'idx_users_name', table: 'users' }] },
  {
    kind: 'addForeignKey',
    ops: [
      {
        kind: 'addForeignKey',
        table: 'posts',
        columns: ['reviewer_id'],
        refTable: 'users',
        refColumns: ['id'],
        onDelete: 'set null',
        name: 'fk_posts_reviewer_id_users',
      },
    ],
  },
  { kind: 'dropForeignKey', ops: [{ kind: 'dropForeignKey', table: 'posts', name: 'fk_posts_user_id_users' }] },
  { kind: 'addCheck', ops: [{ kind: 'addCheck', table: 'users', name: 'chk_users_age', expression: 'age >= 0' }] },
  { kind: 'dropCheck', ops: [{ kind: 'dropCheck', table: 'posts', name: 'chk_posts_title' }] },
  {
    kind: 'backfill',
    ops: [
      {
        kind: 'addColumn',
        table: 'users',
        column: { name: 'nickname', type: 'string(100)', nullable: true },
      },
      { kind: 'backfill', table: 'users', set: { nickname: 'anon' }, where: 'old_name IS NULL' },
    ],
  },
  {
    kind: 'sql',
    ops: [{ kind: 'sql', up: 'CREATE TABLE raw_notes (id integer)', down: 'DROP TABLE raw_notes' }],
    modelOps: [{ kind: 'createTable', table: 'raw_notes', columns: [{ name: 'id', type: 'integer', nullable: true }] }],
  },
  {
    kind: 'addColumn',
    variant: 'with a foreign key and a unique index',
    ops: [
      {
        kind: 'addColumn',
        table: 'posts',
        column: {
          name: 'editor_id',
          type: 'bigint',
          nullable: true,
          unique: true,
          references: { table: 'users', column: 'id', onDelete: 'set null' },
        },
      },
    ],
  },
  {
    kind: 'createTable',
    variant: 'with every portable type',
    ops: [
      {
        kind: 'createTable',
        table: 'everything',
        columns: [
          { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'flag', type: 'boolean', nullable: false, default: false },
          { name: 'small', type: 'smallint', nullable: true },
          { name: 'whole', type: 'integer', nullable: false, default: 0 },
          { name: 'big', type: 'bigint', nullable: true },
          { name: 'label', type: 'string(40)', nullable: false, default: 'none' },
          { name: 'note', type: 'text', nullable: true },
          { name: 'price', type: 'decimal(12,3)', nullable: true },
          { name: 'ratio', type: 'float', nullable: true },
          { name: 'precise', type: 'double', nullable: true },
          { name: 'born_on', type: 'date', nullable: true },
          { name: 'starts', type: 'time', nullable: true },
          { name: 'seen_at', type: 'timestamp', nullable: true },
          { name: 'logged_at', type: 'timestamptz', nullable: true },
          { name: 'token', type: 'uuid', nullable: true },
          { name: 'doc', type: 'json', nullable: true },
          { name: 'blob', type: 'binary', nullable: true },
          { name: 'status', type: 'enum(draft,published)', nullable: false, default: 'draft' },
        ],
      },
    ],
  },
  {
    kind: 'alterColumnType',
    variant: 'widening a string',
    ops: [{ kind: 'alterColumnType', table: 'users', column: 'name', type: 'string(200)' }],
  },
  {
    kind: 'alterColumnType',
    variant: 'string to text on an indexed column',
    ops: [{ kind: 'alterColumnType', table: 'users', column: 'name', type: 'text' }],
  },
  {
    kind: 'dropColumn',
    variant: 'of an indexed column',
    ops: [{ kind: 'dropColumn', table: 'users', column: 'name' }],
    destroys: ['users.name'],
  },
  {
    kind: 'dropColumn',
    variant: 'of a column under a foreign key and a check',
    ops: [
      { kind: 'dropColumn', table: 'posts', column: 'approver_id' },
      { kind: 'dropColumn', table: 'posts', column: 'body' },
    ],
    destroys: ['posts.approver_id', 'posts.body'],
  },
  {
    kind: 'renameTable',
    variant: 'of a table other tables reference',
    ops: [{ kind: 'renameTable', from: 'users', to: 'members' }],
  },
];
