import { mysqlDialect } from '../dialects/mysql/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { type Schema, emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { FIXTURE, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { DEFAULTS, designPhases } from './index';
import { mysqlOnlineDdl } from './mysql-online-ddl';
import { serverVersion } from './server';
import type { StrategyContext } from './types';

const fixture = applyOperations(emptySchema(), FIXTURE);
const MARIADB = '10.11.19-MariaDB';

/** One operation per kind MySQL can ALTER, each applied to the fixture on its own. */
const CASES: Array<[string, Operation[]]> = [
  ['add nullable column', [{ kind: 'addColumn', table: 'accounts', column: { name: 'bio', type: 'text', nullable: true } }]],
  ['add NOT NULL column with a constant default', [{ kind: 'addColumn', table: 'accounts', column: { name: 'level', type: 'integer', nullable: false, default: 1 } }]],
  ['drop column', [{ kind: 'dropColumn', table: 'accounts', column: 'note' }]],
  ['rename column', [{ kind: 'renameColumn', table: 'accounts', from: 'note', to: 'remark' }]],
  ['widen varchar within the 255-byte length prefix', [{ kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(60)' }]],
  ['widen varchar across the 255-byte length prefix', [{ kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(100)' }]],
  ['change integer to bigint', [{ kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'bigint' }]],
  ['set NOT NULL', [{ kind: 'setNotNull', table: 'accounts', column: 'note' }]],
  ['set default', [{ kind: 'setDefault', table: 'accounts', column: 'score', default: 5 }]],
  ['drop default', [{ kind: 'dropDefault', table: 'accounts', column: 'score' }]],
  ['create index', [{ kind: 'createIndex', table: 'accounts', columns: ['nick'], unique: false, name: 'idx_accounts_nick' }]],
  ['drop index', [{ kind: 'dropIndex', table: 'accounts', name: 'idx_accounts_score_nick' }]],
  ['drop foreign key', [{ kind: 'dropForeignKey', table: 'accounts', name: 'fk_accounts_team_id_teams' }]],
  ['add foreign key', [{ kind: 'addForeignKey', table: 'teams', columns: ['id'], refTable: 'accounts', refColumns: ['id'], name: 'fk_teams_id_accounts' }]],
  ['add check', [{ kind: 'addCheck', table: 'accounts', name: 'chk_accounts_score', expression: 'score >= 0' }]],
];

const ENUM_COLUMN: Operation = { kind: 'addColumn', table: 'accounts', column: { name: 'tier', type: 'enum(free,pro)', nullable: true } };
const APPEND_ENUM: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'tier', type: 'enum(free,pro,team)' };

/**
 * The up statements this strategy designs for each operation. In a plan another strategy may win
 * an operation (mysql-expand-contract takes renames and copying type changes of swappable columns).
 */
function upStatements(ops: Operation[], schema: Schema, options: { version: string }): string[] {
  const ctx: StrategyContext = {
    dialect: mysqlDialect,
    before: schema,
    server: serverVersion('mysql', options.version),
    created: new Set(),
    ...DEFAULTS,
  };
  return ops.flatMap((op) => mysqlOnlineDdl.phases(op, ctx)).flatMap((p) => p.up.map((s) => s.sql));
}

describe('mysql-online-ddl: phases', () => {
  test('MariaDB 10.11: the algorithm each ALTER names', () => {
    const lines = CASES.map(([name, ops]) => `${name}: ${upStatements(ops, fixture, { version: MARIADB }).join('; ')}`);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
"add nullable column: ALTER TABLE accounts ADD COLUMN bio text NULL, ALGORITHM=INSTANT
add NOT NULL column with a constant default: ALTER TABLE accounts ADD COLUMN level int NOT NULL DEFAULT 1, ALGORITHM=INSTANT
drop column: ALTER TABLE accounts DROP COLUMN note, ALGORITHM=INSTANT
rename column: ALTER TABLE accounts RENAME COLUMN note TO remark, ALGORITHM=INSTANT
widen varchar within the 255-byte length prefix: ALTER TABLE accounts MODIFY COLUMN nick varchar(60) NULL, ALGORITHM=INSTANT
widen varchar across the 255-byte length prefix: ALTER TABLE accounts MODIFY COLUMN nick varchar(100) NULL
change integer to bigint: ALTER TABLE accounts MODIFY COLUMN score bigint NOT NULL DEFAULT 0
set NOT NULL: ALTER TABLE accounts MODIFY COLUMN note text NOT NULL, ALGORITHM=INPLACE, LOCK=NONE
set default: ALTER TABLE accounts ALTER COLUMN score SET DEFAULT 5, ALGORITHM=INSTANT
drop default: ALTER TABLE accounts ALTER COLUMN score DROP DEFAULT, ALGORITHM=INSTANT
create index: CREATE INDEX idx_accounts_nick ON accounts (nick) ALGORITHM=INPLACE LOCK=NONE
drop index: ALTER TABLE accounts DROP INDEX idx_accounts_score_nick, ALGORITHM=INPLACE, LOCK=NONE
drop foreign key: ALTER TABLE accounts DROP FOREIGN KEY fk_accounts_team_id_teams, DROP INDEX fk_accounts_team_id_teams, ALGORITHM=INPLACE, LOCK=NONE
add foreign key: ALTER TABLE teams ADD CONSTRAINT fk_teams_id_accounts FOREIGN KEY (id) REFERENCES accounts (id)
add check: ALTER TABLE accounts ADD CONSTRAINT chk_accounts_score CHECK (score >= 0)"
`);
  });

  test('MySQL 8.0.20 has no INSTANT DROP / RENAME COLUMN yet, nor INSTANT varchar widening', () => {
    const ops = CASES.filter(([name]) => /drop column|rename column|within/.test(name));
    const lines = ops.map(([name, o]) => `${name}: ${upStatements(o, fixture, { version: '8.0.20' }).join('; ')}`);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
"drop column: ALTER TABLE accounts DROP COLUMN note, ALGORITHM=INPLACE, LOCK=NONE
rename column: ALTER TABLE accounts RENAME COLUMN note TO remark, ALGORITHM=INPLACE, LOCK=NONE
widen varchar within the 255-byte length prefix: ALTER TABLE accounts MODIFY COLUMN nick varchar(60) NULL, ALGORITHM=INPLACE, LOCK=NONE"
`);
  });

  test('an ALTER on a large table carries the gh-ost and pt-online-schema-change commands', () => {
    const large: Schema = {
      tables: fixture.tables.map((t) =>
        t.name === 'accounts' ? { ...t, stats: { rows: 12_500_000, bytes: 4.2 * 1024 ** 3, basis: 'information_schema.TABLES' } } : t,
      ),
    };
    const [phase] = designPhases([CASES[10]![1][0]!], { dialect: mysqlDialect, schema: large, zeroDowntime: true, version: MARIADB });
    expect(phase!.guide).toMatchInlineSnapshot(`
"### \`accounts\` is large (≈ 12,500,000 rows, 4.2 GB, information_schema.TABLES): run this ALTER with an online schema-change tool

An in-place ALTER still holds the table's metadata lock at its start and end, and every replica applies it in one piece (replication lags for as long as it runs); a COPY ALTER blocks writes throughout. Instead of this phase's statements, run one of these tools: each copies the table in chunks, follows the writes made meanwhile (gh-ost: the binary log, which must be in ROW format; pt-online-schema-change: triggers) and swaps the tables in a short cut-over.

Set \`MYSQL_HOST\`, \`MYSQL_USER\` and \`MYSQL_DATABASE\` first, and run each command once without \`--execute\` for a dry run. gh-ost is not tested on MariaDB (github/gh-ost#725) and refuses tables with foreign keys: there, use pt-online-schema-change.

gh-ost:
\`\`\`sh
gh-ost \\
  --host="$MYSQL_HOST" --user="$MYSQL_USER" --ask-pass \\
  --database="$MYSQL_DATABASE" --table='accounts' \\
  --alter='ADD INDEX idx_accounts_nick (nick)' \\
  --chunk-size=10000 --max-load=Threads_running=25 --critical-load=Threads_running=1000 \\
  --initially-drop-ghost-table --initially-drop-old-table \\
  --exact-rowcount --concurrent-rowcount --default-retries=120 \\
  --cut-over=default --postpone-cut-over-flag-file=/tmp/ghost.postpone.flag \\
  --allow-on-master --verbose \\
  --execute
\`\`\`

pt-online-schema-change:
\`\`\`sh
pt-online-schema-change \\
  --alter 'ADD INDEX idx_accounts_nick (nick)' \\
  --chunk-size=10000 --max-load Threads_running=25 --critical-load Threads_running=100 \\
  --alter-foreign-keys-method=auto --ask-pass \\
  "h=$MYSQL_HOST,u=$MYSQL_USER,D=$MYSQL_DATABASE,"'t=accounts' \\
  --execute
\`\`\`

Either tool leaves the old table renamed (\`_<table>_del\` / \`_<table>_old\`): drop it once the change is verified."
`);
    const instant = designPhases(CASES[3]![1], { dialect: mysqlDialect, schema: large, zeroDowntime: true, version: MARIADB });
    expect(instant[0]!.guide).toBeUndefined();
  });

  test('a table created in the same plan gets plain statements', () => {
    const create: Operation = { kind: 'createTable', table: 'logs', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }] };
    const index: Operation = { kind: 'createIndex', table: 'logs', columns: ['id'], unique: false, name: 'idx_logs_id' };
    expect(phasesText(designPhases([create, index], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true }))).toMatchInlineSnapshot(`
"## migrate (no transaction, lock 5000ms): create table logs (id bigint PRIMARY KEY) (a table new in this plan: plain statements); create index idx_logs_id on logs(id) (a table new in this plan: plain statements)
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! CREATE TABLE logs (
      id bigint NOT NULL,
      PRIMARY KEY (id)
    )
! CREATE INDEX idx_logs_id ON logs (id)
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! DROP INDEX idx_logs_id ON logs
! DROP TABLE logs
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT"
`);
  });
});

describeTargets(['mysql'])('mysql-online-ddl on %s', (target) => {
  test.each([...CASES, ['append an ENUM value', [ENUM_COLUMN, APPEND_ENUM]] as [string, Operation[]]])(
    '%s: the server accepts the named algorithm, and the round trip holds',
    async (_name, ops) => {
      const { t, dialect } = await openFixture(target);
      try {
        const [row] = await t.db.query<{ v: string }>('SELECT version() AS v');
        await roundTrip(t.db, dialect, ops, { version: row!.v });
        // Unknown server: only what MySQL 8.0.29+ and MariaDB 10.6+ both accept.
        await roundTrip(t.db, dialect, ops);
      } finally {
        await t.dispose();
      }
    },
  );
});
