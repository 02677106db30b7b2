import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { addForeignKeyWithoutNotValid as rule } from './pg-add-foreign-key-without-not-valid';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID',
    'CREATE TABLE events (id bigint, user_id bigint);\nALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users (id)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: a foreign key validated at once', () => {
    expect(lintErrors(rule, 'ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE')).toMatchInlineSnapshot(`
"MIG-PG111 warning: ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY takes SHARE ROW EXCLUSIVE on both orders and users while it checks every row of orders: writes to both tables wait throughout
  fix: Add it NOT VALID (new rows are checked at once), then validate existing rows in a separate transaction:
ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user_id_users;"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE');
    expect(fixed).toMatchInlineSnapshot(`
"ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
