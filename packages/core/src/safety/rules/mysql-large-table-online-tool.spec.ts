import { SCHEMA, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlLargeTableOnlineTool as rule } from './mysql-large-table-online-tool';

describe(rule.id, () => {
  it.each([
    ['INSTANT on a large table', 'ALTER TABLE events ADD COLUMN source varchar(20) NULL'],
    ['a small table', 'ALTER TABLE users MODIFY COLUMN score bigint NULL'],
  ])('ok: %s', (_, sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('ok: without statistics', () => {
    const schema = { tables: SCHEMA.tables.map(({ stats: _stats, ...t }) => t) };
    expect(lintOk(rule, 'ALTER TABLE events MODIFY COLUMN kind varchar(100) NOT NULL', { flavor: 'mariadb', version: '10.11', schema })).toEqual([]);
  });

  it('err: a copy of a large table, with both commands', () => {
    expect(lintErrors(rule, 'ALTER TABLE events MODIFY COLUMN kind varchar(100) NOT NULL')).toMatchInlineSnapshot(`
"MIG-MY108 warning: events holds about 48,000,000 rows, 12 GiB (information_schema.TABLES): this ALTER TABLE (COPY/SHARED) copies the table while writes wait, for a long time on a table this size, and replicas apply it only after it finishes
  fix: run it with an online schema change tool, which copies the rows in small chunks and swaps the table in a brief cut-over:
    gh-ost --host=<host> --port=3306 --user=<user> --ask-pass --database=app --table=events --alter='MODIFY COLUMN kind varchar(100) NOT NULL' --allow-on-master --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --execute
    pt-online-schema-change --alter='MODIFY COLUMN kind varchar(100) NOT NULL' --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --ask-pass h=<host>,P=3306,u=<user>,D=app,t=events --execute"
`);
  });

  it('err: an index build, a rename, and quotes in the ALTER', () => {
    const sql = "CREATE INDEX idx_events_kind ON events (kind);\nALTER TABLE events CHANGE COLUMN kind event_kind varchar(200) NOT NULL DEFAULT 'it''s'";
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-MY108 warning: events holds about 48,000,000 rows, 12 GiB (information_schema.TABLES): this CREATE INDEX (INPLACE/NONE) reads every row, for a long time on a table this size, and replicas apply it only after it finishes
  fix: run it with an online schema change tool, which copies the rows in small chunks and swaps the table in a brief cut-over:
    gh-ost --host=<host> --port=3306 --user=<user> --ask-pass --database=app --table=events --alter='ADD INDEX idx_events_kind (kind)' --allow-on-master --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --execute
    pt-online-schema-change --alter='ADD INDEX idx_events_kind (kind)' --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --ask-pass h=<host>,P=3306,u=<user>,D=app,t=events --execute
MIG-MY108 warning: events holds about 48,000,000 rows, 12 GiB (information_schema.TABLES): this ALTER TABLE (COPY/SHARED) copies the table while writes wait, for a long time on a table this size, and replicas apply it only after it finishes
  fix: run it with an online schema change tool, which copies the rows in small chunks and swaps the table in a brief cut-over:
    gh-ost --host=<host> --port=3306 --user=<user> --ask-pass --database=app --table=events --alter='CHANGE COLUMN kind event_kind varchar(200) NOT NULL DEFAULT '\\''it'\\'''\\''s'\\''' --allow-on-master --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --approve-renamed-columns --execute
    pt-online-schema-change --alter='CHANGE COLUMN kind event_kind varchar(200) NOT NULL DEFAULT '\\''it'\\'''\\''s'\\''' --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --no-check-alter --ask-pass h=<host>,P=3306,u=<user>,D=app,t=events --execute"
`);
  });

  it('err: a foreign key rules gh-ost out', () => {
    expect(lintErrors(rule, 'ALTER TABLE events ADD CONSTRAINT fk_events_user_id_users FOREIGN KEY (user_id) REFERENCES users (id)')).toMatchInlineSnapshot(`
"MIG-MY108 warning: events holds about 48,000,000 rows, 12 GiB (information_schema.TABLES): this ALTER TABLE (COPY/SHARED) copies the table while writes wait, for a long time on a table this size, and replicas apply it only after it finishes
  fix: run it with an online schema change tool, which copies the rows in small chunks and swaps the table in a brief cut-over:
    gh-ost does not support tables with foreign keys (events has or gets one, or is referenced), so use pt-online-schema-change:
    pt-online-schema-change --alter='ADD CONSTRAINT fk_events_user_id_users FOREIGN KEY (user_id) REFERENCES users (id)' --chunk-size=1000 --max-load=Threads_running=25 --critical-load=Threads_running=100 --alter-foreign-keys-method=auto --ask-pass h=<host>,P=3306,u=<user>,D=app,t=events --execute"
`);
  });
});
