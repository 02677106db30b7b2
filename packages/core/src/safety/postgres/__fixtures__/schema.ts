import type { Schema } from '../../../model/schema';

/** The schema the rule fixtures run against (as `--schema-from` or `--db` would give it). */
export const SHOP: Schema = {
  tables: [
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
        { name: 'email', type: 'string(255)', nullable: true },
        { name: 'name', type: 'string(40)', nullable: false },
        { name: 'score', type: 'integer', nullable: true },
        { name: 'balance', type: 'decimal(10,2)', nullable: true },
        { name: 'created_at', type: 'timestamp', nullable: true },
        { name: 'bio', type: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'idx_users_email', columns: ['email'], unique: false }],
      foreignKeys: [],
      checks: [{ name: 'chk_users_score_not_null', expression: '(score IS NOT NULL)' }],
    },
    {
      name: 'orders',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
        { name: 'user_id', type: 'bigint', nullable: true },
        { name: 'total', type: 'decimal(10,2)', nullable: true },
        { name: 'status', type: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [],
      foreignKeys: [{ name: 'fk_orders_user_id_users', columns: ['user_id'], refTable: 'users', refColumns: ['id'] }],
      checks: [],
    },
  ],
};

export const WITH_SHOP = { schema: SHOP };

/** The same schema as SQL, with rows, for running fixes on the real server. */
export const SHOP_SQL = `
CREATE TABLE users (
  id bigint PRIMARY KEY, email varchar(255), name varchar(40) NOT NULL, score integer,
  balance numeric(10,2), created_at timestamp, bio text,
  CONSTRAINT chk_users_score_not_null CHECK (score IS NOT NULL));
CREATE INDEX idx_users_email ON users (email);
CREATE TABLE orders (
  id bigint PRIMARY KEY, user_id bigint, total numeric(10,2), status text,
  CONSTRAINT fk_orders_user_id_users FOREIGN KEY (user_id) REFERENCES users (id));
CREATE TABLE plans (code text PRIMARY KEY);
INSERT INTO users SELECT g, 'u' || g || '@example.com', 'user ' || g, g, g, now(), 'bio' FROM generate_series(1, 2000) g;
INSERT INTO orders SELECT g, g, g, 'open' FROM generate_series(1, 2000) g;
`;
