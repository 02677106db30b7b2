import { runInNewContext } from 'node:vm';
import { type Operation, type Plan, type Schema, getDialect, plan, planOperations, prepareAnalyzer, tableFromColumns } from '@mig/core';
import { sequelizeAdapter } from './adapter';

const AT = new Date(Date.UTC(2024, 0, 15, 14, 30, 0));
const postgres = getDialect('postgres');
const mysql = getDialect('mysql');

beforeAll(async () => {
  await prepareAnalyzer('postgres');
});

function emit(p: Plan, extra: { name?: string; existing?: string[] } = {}) {
  return sequelizeAdapter.emit({ plan: p, dir: 'migrations', at: AT, ...extra });
}

/** What a migration did with the queryInterface it was given: every call, in order. */
interface Recorded {
  calls: { method: string; args: unknown[] }[];
  logs: string[];
}

/**
 * Load an emitted file as sequelize-cli does (CommonJS) and run one direction against a recorder:
 * a check of the JavaScript itself — that every literal reaches the calls exactly as planned.
 */
async function runRecorded(content: string, direction: 'up' | 'down', changed: number[] = []): Promise<Recorded> {
  const recorded: Recorded = { calls: [], logs: [] };
  const transaction = { finished: undefined as string | undefined, commit: async () => void (transaction.finished = 'commit'), rollback: async () => void (transaction.finished = 'rollback') };
  const record = (method: string) => async (...args: unknown[]) => {
    recorded.calls.push({ method, args });
    return method === 'query' ? [[], changed.shift() ?? 0] : undefined;
  };
  const queryInterface = new Proxy(
    { sequelize: { transaction: async () => transaction, query: record('query') } },
    { get: (target, key: string) => (key in target ? target[key as 'sequelize'] : record(key)) },
  );
  const Sequelize = { literal: (sql: string) => ({ literal: sql }), QueryTypes: { UPDATE: 'UPDATE' }, BOOLEAN: 'BOOLEAN', STRING: (n: number) => `STRING(${n})`, TEXT: 'TEXT' };
  const module = { exports: {} as Record<string, (qi: unknown, s: unknown) => Promise<void>> };
  const log = (...parts: unknown[]) => recorded.logs.push(parts.join(' '));
  runInNewContext(content, { module, exports: module.exports, console: { log, warn: log, error: log } });
  await module.exports[direction]!(queryInterface, Sequelize);
  return recorded;
}

const USERS: Schema = {
  tables: [
    tableFromColumns('users', [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'age', type: 'integer', nullable: true },
      { name: 'plan', type: 'string(20)', nullable: true },
    ]),
  ],
};

describe('emit', () => {
  test('the seed example on PostgreSQL: queryInterface calls in a transaction, a verification after up', () => {
    const files = emit(plan('add email_verified to users', { dialect: postgres }));
    expect(files.map((f) => f.path)).toEqual(['migrations/20240115143000-add-email-verified-to-users.js']);
    expect(files[0]!.content).toMatchInlineSnapshot(`
"'use strict';

/**
 * Migration: add email_verified to users
 *
 * Up: add column users.email_verified boolean NOT NULL DEFAULT false
 * Down: drop column users.email_verified
 *
 * Lock waits are limited to 5 s: past that the migration fails and rolls back; run it again.
 * Estimated time: under a second
 * Risk: low
 */

/** Runs a read-only query and reports whether it found what the migration expects. */
async function verify(queryInterface, what, sql, expected) {
  const [rows] = await queryInterface.sequelize.query(sql);
  if (rows.length === expected) console.log(\`✓ Verified: \${what}\`);
  else console.warn(\`✗ Not verified: \${what} (\${rows.length} found, expected \${expected})\`);
}

module.exports = {
  async up(queryInterface, Sequelize) {
    const transaction = await queryInterface.sequelize.transaction();

    try {
      console.log('Starting migration: add email_verified to users');

      // Step 1: SET LOCAL lock_timeout = '5s'
      console.log("  Session setting: SET LOCAL lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET LOCAL lock_timeout = '5s'", { transaction });

      // Step 2: add column users.email_verified
      console.log('  Adding column: users.email_verified');
      await queryInterface.addColumn(
        'users',
        'email_verified',
        {
          type: Sequelize.BOOLEAN,
          allowNull: false,
          defaultValue: false,
        },
        { transaction },
      );

      await transaction.commit();
      console.log('✓ Migration completed successfully');
    } catch (error) {
      if (!transaction.finished) await transaction.rollback();
      console.error('✗ Migration failed:', error.message);
      throw error;
    }

    // Verification: read the change back (it is committed whatever this finds)
    await verify(
      queryInterface,
      'column users.email_verified exists',
      "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'email_verified'",
      1,
    );
  },

  async down(queryInterface, Sequelize) {
    const transaction = await queryInterface.sequelize.transaction();

    try {
      console.log('Starting rollback: add email_verified to users');

      // Step 1: SET LOCAL lock_timeout = '5s'
      console.log("  Session setting: SET LOCAL lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET LOCAL lock_timeout = '5s'", { transaction });

      // Step 2: drop column users.email_verified
      console.log('  Dropping column: users.email_verified');
      await queryInterface.removeColumn('users', 'email_verified', { transaction });

      await transaction.commit();
      console.log('✓ Rollback completed successfully');
    } catch (error) {
      if (!transaction.finished) await transaction.rollback();
      console.error('✗ Rollback failed:', error.message);
      throw error;
    }
  },
};
"
`);
  });

  test('a concurrent index: no transaction, the session settings restored in finally', () => {
    const files = emit(plan('add index on users.email', { dialect: postgres }));
    expect(files.map((f) => f.path)).toEqual(['migrations/20240115143000-add-index-on-users-email.js']);
    expect(files[0]!.content).toMatchInlineSnapshot(`
"'use strict';

/**
 * Migration: add index on users.email
 *
 * Up: create index idx_users_email on users(email)
 * Down: DROP INDEX CONCURRENTLY IF EXISTS idx_users_email
 *
 * Runs without a transaction: CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block.
 * Lock waits are limited to 5 s: past that the migration fails; it is safe to run it again.
 * Risk: low
 */

/** Runs a read-only query and reports whether it found what the migration expects. */
async function verify(queryInterface, what, sql, expected) {
  const [rows] = await queryInterface.sequelize.query(sql);
  if (rows.length === expected) console.log(\`✓ Verified: \${what}\`);
  else console.warn(\`✗ Not verified: \${what} (\${rows.length} found, expected \${expected})\`);
}

module.exports = {
  async up(queryInterface, Sequelize) {
    // No transaction: CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block
    // The steps run one at a time, so Sequelize's pool gives each the connection the session settings were made on
    try {
      console.log('Starting migration: add index on users.email');

      // Step 1: SET lock_timeout = '5s'
      console.log("  Session setting: SET lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET lock_timeout = '5s'");

      // Step 2: SET statement_timeout = 0
      console.log('  Session setting: SET statement_timeout = 0');
      await queryInterface.sequelize.query('SET statement_timeout = 0');

      // Step 3: DROP INDEX CONCURRENTLY IF EXISTS idx_users_email
      console.log('  Running: DROP INDEX CONCURRENTLY IF EXISTS idx_users_email');
      await queryInterface.sequelize.query('DROP INDEX CONCURRENTLY IF EXISTS idx_users_email');

      // Step 4: CREATE INDEX CONCURRENTLY idx_users_email ON users (email)
      console.log('  Running: CREATE INDEX CONCURRENTLY idx_users_email ON users (email)');
      await queryInterface.sequelize.query('CREATE INDEX CONCURRENTLY idx_users_email ON users (email)');

      console.log('✓ Migration completed successfully');
    } catch (error) {
      console.error('✗ Migration failed:', error.message);
      throw error;
    } finally {
      // Restore the session settings, whether the steps succeeded or not
      await queryInterface.sequelize.query('RESET lock_timeout');
      await queryInterface.sequelize.query('RESET statement_timeout');
    }

    // Verification: read the change back
    await verify(
      queryInterface,
      'index idx_users_email exists',
      "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'users' AND indexname = 'idx_users_email'",
      1,
    );
  },

  async down(queryInterface, Sequelize) {
    // No transaction: CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block
    // The steps run one at a time, so Sequelize's pool gives each the connection the session settings were made on
    try {
      console.log('Starting rollback: add index on users.email');

      // Step 1: SET lock_timeout = '5s'
      console.log("  Session setting: SET lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET lock_timeout = '5s'");

      // Step 2: SET statement_timeout = 0
      console.log('  Session setting: SET statement_timeout = 0');
      await queryInterface.sequelize.query('SET statement_timeout = 0');

      // Step 3: DROP INDEX CONCURRENTLY IF EXISTS idx_users_email
      console.log('  Running: DROP INDEX CONCURRENTLY IF EXISTS idx_users_email');
      await queryInterface.sequelize.query('DROP INDEX CONCURRENTLY IF EXISTS idx_users_email');

      console.log('✓ Rollback completed successfully');
    } catch (error) {
      console.error('✗ Rollback failed:', error.message);
      throw error;
    } finally {
      // Restore the session settings, whether the steps succeeded or not
      await queryInterface.sequelize.query('RESET lock_timeout');
      await queryInterface.sequelize.query('RESET statement_timeout');
    }
  },
};
"
`);
  });

  test('a zero-downtime plan: one file per phase, one second apart, each with its own transaction mode', () => {
    const files = emit(plan('add foreign key posts.user_id references users.id', { dialect: postgres }));
    expect(files.map((f) => f.path)).toEqual([
      'migrations/20240115143000-add-foreign-key-posts-user-id-references-users-id-1-constrain.js',
      'migrations/20240115143001-add-foreign-key-posts-user-id-references-users-id-2-validate.js',
    ]);
    expect(files[0]!.content).toMatchInlineSnapshot(`
"'use strict';

/**
 * Migration: add foreign key posts.user_id references users.id
 * Phase 1 of 2: constrain
 *
 * Up: add foreign key fk_posts_user_id_users (posts → users) NOT VALID: a brief lock on posts and users, no scan; new writes are checked from now on
 * Down: ALTER TABLE posts DROP CONSTRAINT IF EXISTS fk_posts_user_id_users
 *
 * Lock waits are limited to 5 s: past that the migration fails and rolls back; run it again.
 * Estimated time: under a second
 * Risk: low
 */

module.exports = {
  async up(queryInterface, Sequelize) {
    const transaction = await queryInterface.sequelize.transaction();

    try {
      console.log('Starting migration: add foreign key posts.user_id references users.id (phase 1 of 2: constrain)');

      // Step 1: SET LOCAL lock_timeout = '5s'
      console.log("  Session setting: SET LOCAL lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET LOCAL lock_timeout = '5s'", { transaction });

      // Step 2: ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES u …
      console.log('  Running: ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id_users FOREIGN KEY (u …');
      await queryInterface.sequelize.query('ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID', { transaction });

      await transaction.commit();
      console.log('✓ Migration completed successfully');
    } catch (error) {
      if (!transaction.finished) await transaction.rollback();
      console.error('✗ Migration failed:', error.message);
      throw error;
    }
  },

  async down(queryInterface, Sequelize) {
    const transaction = await queryInterface.sequelize.transaction();

    try {
      console.log('Starting rollback: add foreign key posts.user_id references users.id (phase 1 of 2: constrain)');

      // Step 1: SET LOCAL lock_timeout = '5s'
      console.log("  Session setting: SET LOCAL lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET LOCAL lock_timeout = '5s'", { transaction });

      // Step 2: ALTER TABLE posts DROP CONSTRAINT IF EXISTS fk_posts_user_id_users
      console.log('  Running: ALTER TABLE posts DROP CONSTRAINT IF EXISTS fk_posts_user_id_users');
      await queryInterface.sequelize.query('ALTER TABLE posts DROP CONSTRAINT IF EXISTS fk_posts_user_id_users', { transaction });

      await transaction.commit();
      console.log('✓ Rollback completed successfully');
    } catch (error) {
      if (!transaction.finished) await transaction.rollback();
      console.error('✗ Rollback failed:', error.message);
      throw error;
    }
  },
};
"
`);
    expect(files[1]!.content).toMatchInlineSnapshot(`
"'use strict';

/**
 * Migration: add foreign key posts.user_id references users.id
 * Phase 2 of 2: validate
 *
 * Up: validate fk_posts_user_id_users: scans posts under SHARE UPDATE EXCLUSIVE, reads and writes go on
 * Down: nothing to undo in phase validate
 *
 * Runs without a transaction: each statement commits on its own, so no lock is held longer than its statement.
 * Lock waits are limited to 5 s: past that the migration fails; it is safe to run it again.
 * Risk: low
 */

/** Runs a read-only query and reports whether it found what the migration expects. */
async function verify(queryInterface, what, sql, expected) {
  const [rows] = await queryInterface.sequelize.query(sql);
  if (rows.length === expected) console.log(\`✓ Verified: \${what}\`);
  else console.warn(\`✗ Not verified: \${what} (\${rows.length} found, expected \${expected})\`);
}

module.exports = {
  async up(queryInterface, Sequelize) {
    // No transaction: each statement commits on its own, so no lock is held longer than its statement
    // The steps run one at a time, so Sequelize's pool gives each the connection the session settings were made on
    try {
      console.log('Starting migration: add foreign key posts.user_id references users.id (phase 2 of 2: validate)');

      // Step 1: SET lock_timeout = '5s'
      console.log("  Session setting: SET lock_timeout = '5s'");
      await queryInterface.sequelize.query("SET lock_timeout = '5s'");

      // Step 2: SET statement_timeout = 0
      console.log('  Session setting: SET statement_timeout = 0');
      await queryInterface.sequelize.query('SET statement_timeout = 0');

      // Step 3: ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id_users
      console.log('  Running: ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id_users');
      await queryInterface.sequelize.query('ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user_id_users');

      console.log('✓ Migration completed successfully');
    } catch (error) {
      console.error('✗ Migration failed:', error.message);
      throw error;
    } finally {
      // Restore the session settings, whether the steps succeeded or not
      await queryInterface.sequelize.query('RESET lock_timeout');
      await queryInterface.sequelize.query('RESET statement_timeout');
    }

    // Verification: read the change back
    await verify(
      queryInterface,
      'constraint fk_posts_user_id_users exists',
      "SELECT 1 FROM information_schema.table_constraints WHERE constraint_schema = current_schema() AND table_name = 'posts' AND constraint_name = 'fk_posts_user_id_users'",
      1,
    );
  },

  async down(queryInterface, Sequelize) {
    console.log('Nothing to undo in phase validate');
  },
};
"
`);
  });

  test('an after-deploy phase says so, and a batched statement loops until it changes no rows', async () => {
    const p = plan('change type of users.age to bigint', { dialect: mysql, schema: USERS });
    const files = emit(p);
    expect(files.map((f) => f.path.replace(/^migrations\/\d{14}-change-type-of-users-age-to-bigint-/, ''))).toEqual([
      '1-expand.js',
      '2-sync.js',
      '3-backfill.js',
      '4-contract.js',
    ]);
    const contract = files[3]!.content;
    expect(contract).toContain('RUN THIS ONLY AFTER THE APPLICATION DEPLOY');
    expect(files.slice(0, 3).every((f) => !f.content.includes('AFTER THE APPLICATION DEPLOY'))).toBe(true);

    const backfill = p.phases[2]!;
    const batch = backfill.up[backfill.repeat![0]!]!;
    const recorded = await runRecorded(files[2]!.content, 'up', [0, 0, 10_000, 250, 0]);
    const runs = recorded.calls.filter((c) => c.args[0] === batch);
    expect(runs).toHaveLength(3);
    expect(runs[0]!.args[1]).toEqual({ type: 'UPDATE' });
    expect(recorded.logs).toContain('    batch 3: 0 rows changed');
  });

  test('a zero-downtime phase runs exactly its statements, in order, the session restored last', async () => {
    const p = plan('add foreign key posts.user_id references users.id', { dialect: postgres });
    const [, validate] = emit(p);
    const recorded = await runRecorded(validate!.content, 'up');
    const statements = recorded.calls.map((c) => String(c.args[0]));
    const phase = p.phases[1]!;
    expect(statements.slice(0, phase.up.length)).toEqual(phase.up);
    // outside a transaction: no options; then the verification of the whole plan (the last phase)
    expect(recorded.calls.every((c) => c.args.length === 1)).toBe(true);
    expect(statements.slice(phase.up.length)).toEqual([
      "SELECT 1 FROM information_schema.table_constraints WHERE constraint_schema = current_schema() AND table_name = 'posts' AND constraint_name = 'fk_posts_user_id_users'",
    ]);
  });

  test('names: the name option, and timestamps after the newest existing migration', () => {
    const p = plan('add email_verified to users', { dialect: postgres });
    const [file] = emit(p, { name: 'Verify Emails!', existing: ['20240115143005-older-name.js', 'README.md'] });
    expect(file!.path).toBe('migrations/20240115143006-verify-emails.js');
  });

  test('identifiers and values reach the calls exactly, whatever quotes, backticks, ${ or newlines they hold', async () => {
    const tricky = "it's \"quoted\" `ticked` ${notAVariable} \\ back\nslash */";
    const ops: Operation[] = [
      { kind: 'backfill', table: 'users', set: { plan: tricky } },
      { kind: 'sql', up: `UPDATE users SET plan = '${tricky.replace(/'/g, "''")}'`, down: 'SELECT 1' },
    ];
    const p = planOperations(`backfill ${tricky}`, ops, { dialect: postgres, zeroDowntime: false });
    const [file] = emit(p);
    const recorded = await runRecorded(file!.content, 'up');
    const update = recorded.calls.find((c) => c.method === 'bulkUpdate');
    expect(update?.args.slice(0, 3)).toEqual(['users', { plan: tricky }, {}]);
    const raw = recorded.calls.find((c) => c.method === 'query' && String(c.args[0]).startsWith('UPDATE'));
    expect(raw?.args[0]).toBe((ops[1] as { up: string }).up);
    expect(raw?.args[0]).toBe(p.phases[0]!.up.at(-1));
  });

  test('a down that cannot be written refuses instead of doing nothing', async () => {
    const p = plan('change type of users.age to bigint', { dialect: postgres, zeroDowntime: false });
    const [file] = emit(p);
    expect(file!.content).toContain('Down: refuses');
    await expect(runRecorded(file!.content, 'down')).rejects.toThrow(
      'This migration cannot be undone: cannot undo "change type of users.age to bigint": the previous type of users.age is unknown',
    );
  });

  test('types without a Sequelize equivalent keep mig\'s column type', () => {
    const p = planOperations(
      'add columns',
      [
        { kind: 'addColumn', table: 'users', column: { name: 'seen_at', type: 'timestamp', nullable: true } },
        { kind: 'addColumn', table: 'users', column: { name: 'ratio', type: 'float', nullable: true } },
        { kind: 'addColumn', table: 'users', column: { name: 'at', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } } },
      ],
      { dialect: postgres, zeroDowntime: false },
    );
    const content = emit(p)[0]!.content;
    expect(content).toContain("type: 'timestamp',");
    expect(content).toContain('type: Sequelize.REAL,');
    expect(content).toContain("type: Sequelize.DATE,\n          allowNull: false,\n          defaultValue: Sequelize.literal('CURRENT_TIMESTAMP'),");
  });
});
