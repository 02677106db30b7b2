import { expandDependents } from './dependents';
import { applyOperation, applyOperations } from './apply';
import { invert } from './invert';
import type { Operation } from './operations';
import { type Schema, canonicalSchema, emptySchema } from './schema';

const base: Schema = applyOperations(emptySchema(), [
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false, unique: true },
      { name: 'age', type: 'integer', nullable: true, default: 18 },
      { name: 'team_id', type: 'bigint', nullable: true },
    ],
  },
  {
    kind: 'createTable',
    table: 'teams',
    columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true }],
  },
  {
    kind: 'addForeignKey',
    table: 'users',
    columns: ['team_id'],
    refTable: 'teams',
    refColumns: ['id'],
    onDelete: 'set null',
    name: 'fk_users_team_id_teams',
  },
  { kind: 'addCheck', table: 'users', name: 'chk_users_age', expression: 'age >= 0' },
]);

/** Every operation whose inverse is complete brings the schema back exactly. */
const cases: Operation[] = [
  { kind: 'createTable', table: 'posts', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }] },
  { kind: 'renameTable', from: 'teams', to: 'squads' },
  { kind: 'addColumn', table: 'users', column: { name: 'nick', type: 'string(40)', nullable: true, unique: true } },
  {
    kind: 'addColumn',
    table: 'users',
    column: { name: 'boss_id', type: 'bigint', nullable: true, references: { table: 'users', column: 'id' } },
  },
  { kind: 'dropColumn', table: 'users', column: 'age' },
  { kind: 'renameColumn', table: 'users', from: 'email', to: 'mail' },
  { kind: 'alterColumnType', table: 'users', column: 'age', type: 'bigint' },
  { kind: 'setNotNull', table: 'users', column: 'age' },
  { kind: 'dropNotNull', table: 'users', column: 'email' },
  { kind: 'setDefault', table: 'users', column: 'age', default: 21 },
  { kind: 'setDefault', table: 'users', column: 'email', default: 'x@example.com' },
  { kind: 'dropDefault', table: 'users', column: 'age' },
  { kind: 'createIndex', table: 'users', columns: ['age'], unique: false, name: 'idx_users_age' },
  { kind: 'dropIndex', name: 'idx_users_email_unique' },
  { kind: 'addForeignKey', table: 'users', columns: ['id'], refTable: 'teams', refColumns: ['id'], name: 'fk_x' },
  { kind: 'dropForeignKey', table: 'users', name: 'fk_users_team_id_teams' },
  { kind: 'addCheck', table: 'users', name: 'chk_x', expression: 'id > 0' },
  { kind: 'dropCheck', table: 'users', name: 'chk_users_age' },
  { kind: 'sql', up: 'SELECT 1', down: 'SELECT 2' },
];

describe('invert with the schema before known', () => {
  test.each(cases.map((op) => [op.kind, op] as const))('%s restores the schema exactly', (_kind, op) => {
    let schema = base;
    const downs: Operation[][] = [];
    for (const step of expandDependents([op], base)) {
      const inverse = invert(step, schema);
      expect(inverse.complete).toBe(true);
      downs.unshift(inverse.ops);
      schema = applyOperation(schema, step);
    }
    expect(canonicalSchema(applyOperations(schema, downs.flat()))).toEqual(canonicalSchema(base));
  });

  test('dropTable recreates columns, indexes, foreign keys and checks', () => {
    const withPosts = applyOperations(base, [
      {
        kind: 'createTable',
        table: 'posts',
        columns: [
          { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
          { name: 'user_id', type: 'bigint', nullable: false, references: { table: 'users', column: 'id', onDelete: 'cascade' } },
          { name: 'slug', type: 'string(80)', nullable: false, unique: true, default: 'draft' },
        ],
      },
      { kind: 'addCheck', table: 'posts', name: 'chk_posts_slug', expression: "slug <> ''" },
    ]);
    const op: Operation = { kind: 'dropTable', table: 'posts' };
    const inverse = invert(op, withPosts);
    expect(inverse.complete).toBe(true);
    expect(inverse.ops.map((o) => o.kind)).toEqual(['createTable', 'createIndex', 'addForeignKey', 'addCheck']);
    expect(canonicalSchema(applyOperations(applyOperation(withPosts, op), inverse.ops))).toEqual(
      canonicalSchema(withPosts),
    );
  });

  test('a dropped NOT NULL column without a default comes back nullable, and the down says so', () => {
    const inverse = invert({ kind: 'dropColumn', table: 'users', column: 'email' }, base);
    expect(inverse.complete).toBe(false);
    expect(inverse.reason).toMatch(/users\.email is NOT NULL without a default and its values are gone/);
    expect(inverse.ops).toEqual([
      { kind: 'addColumn', table: 'users', column: { name: 'email', type: 'string(255)', nullable: true } },
    ]);
  });

  test('dropForeignKey keeps the ON DELETE action', () => {
    const inverse = invert({ kind: 'dropForeignKey', table: 'users', name: 'fk_users_team_id_teams' }, base);
    expect(inverse.ops).toEqual([
      {
        kind: 'addForeignKey',
        table: 'users',
        columns: ['team_id'],
        refTable: 'teams',
        refColumns: ['id'],
        onDelete: 'set null',
        name: 'fk_users_team_id_teams',
      },
    ]);
  });
});

describe('invert without the schema never guesses', () => {
  test.each([
    [{ kind: 'dropTable', table: 'users' }, /definition of dropped table users is unknown/],
    [{ kind: 'dropColumn', table: 'users', column: 'age' }, /definition of dropped column users\.age is unknown/],
    [{ kind: 'alterColumnType', table: 'users', column: 'age', type: 'text' }, /previous type of users\.age is unknown/],
    [{ kind: 'dropIndex', name: 'idx_users_email' }, /dropped index idx_users_email is unknown/],
    [{ kind: 'dropForeignKey', table: 'users', name: 'fk' }, /dropped foreign key fk is unknown/],
    [{ kind: 'setDefault', table: 'users', column: 'age', default: 1 }, /previous default of users\.age is unknown/],
    [{ kind: 'dropDefault', table: 'users', column: 'age' }, /previous default of users\.age is unknown/],
    [{ kind: 'dropCheck', table: 'users', name: 'c' }, /expression of dropped check c is unknown/],
    [{ kind: 'sql', up: 'SELECT 1' }, /no down given/],
    [{ kind: 'backfill', table: 'users', set: { age: 1 } }, /cannot restore them/],
  ] as [Operation, RegExp][])('%o is incomplete and says why', (op, reason) => {
    const inverse = invert(op);
    expect(inverse.complete).toBe(false);
    expect(inverse.ops).toEqual([]);
    expect(inverse.reason).toMatch(reason);
  });

  test('operations whose inverse needs no schema are complete', () => {
    expect(invert({ kind: 'addColumn', table: 't', column: { name: 'c', type: 'text', nullable: true } })).toEqual({
      ops: [{ kind: 'dropColumn', table: 't', column: 'c' }],
      complete: true,
    });
    expect(invert({ kind: 'renameColumn', table: 't', from: 'a', to: 'b' }).ops).toEqual([
      { kind: 'renameColumn', table: 't', from: 'b', to: 'a' },
    ]);
  });
});

describe('applyOperation validates against the schema', () => {
  test.each([
    [{ kind: 'addColumn', table: 'nope', column: { name: 'c', type: 'text', nullable: true } }, 'table nope does not exist; tables are: users, teams'],
    [{ kind: 'renameColumn', table: 'users', from: 'old_name', to: 'x' }, 'table users has no column old_name; columns are: id, email, age, team_id'],
    [{ kind: 'addColumn', table: 'users', column: { name: 'email', type: 'text', nullable: true } }, 'table users already has a column email'],
    [{ kind: 'createTable', table: 'users', columns: [] }, 'table users already exists'],
    [{ kind: 'dropTable', table: 'teams' }, 'table teams is referenced by foreign keys from users'],
    [{ kind: 'dropIndex', name: 'idx_missing' }, 'index idx_missing does not exist; indexes are: idx_users_email_unique'],
  ] as [Operation, string][])('%o', (op, message) => {
    expect(() => applyOperation(base, op)).toThrow(message);
  });

  test('dropColumn removes the indexes, foreign keys and checks that use it', () => {
    const after = applyOperation(base, { kind: 'dropColumn', table: 'users', column: 'age' });
    expect(after.tables[0]!.checks).toEqual([]);
    const noTeam = applyOperation(base, { kind: 'dropColumn', table: 'users', column: 'team_id' });
    expect(noTeam.tables[0]!.foreignKeys).toEqual([]);
  });
});
