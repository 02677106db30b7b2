import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { type Schema, emptySchema } from '../model/schema';
import { describeTargets, openTestDatabase } from '../testing/databases';
import { executeStatements } from '../db/execute';
import { phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const ORDERS: Operation[] = [
  {
    kind: 'createTable',
    table: 'orders',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'total', type: 'decimal(10,2)', nullable: false, default: 0 },
    ],
  },
  {
    kind: 'createTable',
    table: 'order_items',
    columns: [
      { name: 'id', type: 'integer', nullable: false, primaryKey: true },
      { name: 'order_id', type: 'integer', nullable: false, references: { table: 'orders', column: 'id' } },
    ],
  },
];
const widenKey: Operation = { kind: 'alterColumnType', table: 'orders', column: 'id', type: 'bigint' };

function withStats(schema: Schema, rows: number): Schema {
  return {
    tables: schema.tables.map((t) => (t.name === 'orders' ? { ...t, stats: { rows, bytes: rows * 60, basis: 'pg_class.reltuples' } } : t)),
  };
}

describe('blue-green: phases', () => {
  test('a primary-key type change on a large table: the in-place statements, and the blue-green procedure', () => {
    const schema = withStats(applyOperations(emptySchema(), ORDERS), 40_000_000);
    const phases = designPhases([widenKey], { dialect: postgresDialect, schema, zeroDowntime: true });
    expect(phasesText(phases, { guides: true })).toMatchInlineSnapshot(`
"## blue-green (transaction, lock 5000ms, retry 5x): change key column orders.id to bigint: too large to change in place online; follow the guide (these statements rewrite the table under lock)
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE orders ALTER COLUMN id TYPE bigint USING id::bigint
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE orders ALTER COLUMN id TYPE integer USING id::integer
guide:
### Blue-green: change key column orders.id to bigint (≈ 40,000,000 rows, 2.2 GB, pg_class.reltuples)

Changing this in place rewrites orders and its indexes under an ACCESS EXCLUSIVE lock for as long as that takes. Instead: build the new shape beside the old one, replicate into it, switch, and keep the old one for rollback. This phase's statements are the in-place route, for a maintenance window.

1. **Build** the new table beside the old one (columns, defaults, constraints, indexes, identity):
\`\`\`sql
CREATE TABLE orders_green (LIKE orders INCLUDING ALL);
ALTER TABLE orders_green ALTER COLUMN id TYPE bigint USING id::bigint;
\`\`\`
2. **Replicate**: a trigger applies every write on orders to orders_green; then the rows that existed before it are copied in batches, each committed on its own (run outside a transaction):
\`\`\`sql
CREATE FUNCTION mig_sync_to_orders_green() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM orders_green WHERE id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO orders_green (id, total) VALUES (NEW.id, NEW.total)
      ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER mig_sync_to_orders_green AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION mig_sync_to_orders_green();

DO $$
DECLARE lower_key orders.id%TYPE; upper_key orders.id%TYPE;
BEGIN
  SELECT min(id) INTO lower_key FROM orders;
  WHILE lower_key IS NOT NULL LOOP
    SELECT max(id) INTO upper_key FROM (SELECT id FROM orders WHERE id >= lower_key ORDER BY id LIMIT 10000) b;
    INSERT INTO orders_green SELECT * FROM orders WHERE id >= lower_key AND id <= upper_key ON CONFLICT DO NOTHING;
    COMMIT;
    SELECT min(id) INTO lower_key FROM orders WHERE id > upper_key;
  END LOOP;
END $$;
\`\`\`
3. **Verify**: \`SELECT count(*) FROM orders\` equals \`SELECT count(*) FROM orders_green\`; compare a sample of rows.
4. **Switch** in one short transaction (retry it if the lock timeout expires); from then on a trigger keeps the old table in step, for rollback:
\`\`\`sql
BEGIN;
SET LOCAL lock_timeout = '5s';
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
DROP TRIGGER IF EXISTS mig_sync_to_orders_green ON orders;
ALTER TABLE orders RENAME TO orders_blue;
ALTER TABLE orders_green RENAME TO orders;
CREATE FUNCTION mig_sync_to_orders_blue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM orders_blue WHERE id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO orders_blue (id, total) VALUES (NEW.id, NEW.total)
      ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER mig_sync_to_orders_blue AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION mig_sync_to_orders_blue();
COMMIT;
\`\`\`
   Foreign keys of other tables still point at the old table: re-create each against the new one (\`ADD CONSTRAINT ... NOT VALID\`, then \`VALIDATE CONSTRAINT\`), and move sequences (\`ALTER SEQUENCE ... OWNED BY\`, \`setval\`).
5. **Roll back** with the same two renames the other way (and the triggers swapped). Once the change is proven, \`DROP TRIGGER mig_sync_to_orders_blue ON orders\` and \`DROP TABLE orders_blue\`."
`);
  });

  test('on a table known to be small, the in-place change is the plan', () => {
    const schema = withStats(applyOperations(emptySchema(), ORDERS), 5_000);
    const phases = designPhases([widenKey], { dialect: postgresDialect, schema, zeroDowntime: true });
    expect(phases.map((p) => [p.name, p.guide])).toEqual([['migrate', undefined]]);
  });
});

describeTargets(['postgres', 'pglite'])('blue-green on %s', (target) => {
  test('the in-place route of the phase round trips', async () => {
    const t = await openTestDatabase(target);
    try {
      const [setup] = designPhases(ORDERS, { dialect: postgresDialect, schema: emptySchema(), zeroDowntime: false });
      await executeStatements(t.db, postgresDialect, setup!.up);
      await t.db.exec('INSERT INTO orders (id, total) VALUES (1, 10), (2, 20)');
      await t.db.exec('INSERT INTO order_items (id, order_id) VALUES (1, 1), (2, 2)');
      const { phases } = await roundTrip(t.db, postgresDialect, [widenKey]);
      expect(phases.map((p) => p.name)).toEqual(['blue-green']);
    } finally {
      await t.dispose();
    }
  });

  test("the guide's commands run as written: build, replicate, switch, and the old table stays in step", async () => {
    const t = await openTestDatabase(target);
    try {
      const [setup] = designPhases(ORDERS, { dialect: postgresDialect, schema: emptySchema(), zeroDowntime: false });
      await executeStatements(t.db, postgresDialect, setup!.up);
      await t.db.exec('INSERT INTO orders (id, total) SELECT g, g FROM generate_series(1, 25) g');
      const schema = withStats(await postgresDialect.introspect(t.db), 40_000_000);
      const [phase] = designPhases([widenKey], { dialect: postgresDialect, schema, zeroDowntime: true, batchSize: 10 });
      const [build, replicate, switchOver] = [...phase!.guide!.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
      await t.db.execScript(build!);
      // The trigger, then (on its own: it commits per batch) the copy.
      for (const part of replicate!.split('\n\n')) await t.db.execScript(part);
      await t.db.exec('UPDATE orders SET total = 100 WHERE id = 1');
      await t.db.exec('DELETE FROM orders WHERE id = 2');
      await t.db.exec('INSERT INTO orders (id, total) VALUES (26, 26)');
      const rows = (table: string) => t.db.query(`SELECT id::int AS id, total::float AS total FROM ${table} ORDER BY id`);
      expect(await rows('orders_green')).toEqual(await rows('orders'));
      await t.db.execScript(switchOver!);
      const [type] = await t.db.query<{ t: string }>(
        "SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'id' AND table_schema = current_schema()",
      );
      expect(type).toEqual({ t: 'bigint' });
      await t.db.exec('INSERT INTO orders (id, total) VALUES (27, 27)');
      expect(await rows('orders_blue')).toEqual(await rows('orders'));
    } finally {
      await t.dispose();
    }
  });
});
