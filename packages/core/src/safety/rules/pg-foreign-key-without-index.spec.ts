import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { foreignKeyWithoutIndex as rule } from './pg-foreign-key-without-index';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\nCREATE INDEX idx_events_user_id ON events (user_id)',
    'CREATE TABLE memberships (user_id bigint REFERENCES users (id), team_id bigint, PRIMARY KEY (user_id, team_id))',
    // Without the schema nothing is known of an existing table's indexes.
    'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: a new table', () => {
    expect(lintErrors(rule, 'CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))')).toMatchInlineSnapshot(`
"MIG-PG125 warning: no index starts with events (user_id), the referencing side of the foreign key to users: every DELETE from users (and every change of its key) scans events
  fix: Index the referencing columns:
CREATE TABLE events (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
CREATE INDEX idx_events_user_id ON events (user_id);"
`);
  });

  it('err: an existing table, with the schema', () => {
    expect(lintErrors(rule, 'ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG125 warning: no index starts with orders (user_id), the referencing side of the foreign key to users: every DELETE from users (and every change of its key) scans orders
  fix: Index the referencing columns without blocking writes (outside a transaction block):
ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID', WITH_SHOP);
    expect(fixed).toMatchInlineSnapshot(`
"ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id)"
`);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
  });
});
