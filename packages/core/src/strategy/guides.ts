/**
 * Markdown procedures for changes the database cannot make online by itself: the gh-ost and
 * pt-online-schema-change commands for a MySQL ALTER on a large table, and the blue-green
 * procedure for a PostgreSQL change too large for a phased plan.
 */
import type { Dialect } from '../dialects/dialect';
import { fitName } from '../model/naming';
import type { Table } from '../model/schema';

/** One shell word, single-quoted: nothing inside is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function sizeText(table: Table | undefined): string {
  const stats = table?.stats;
  const parts: string[] = [];
  if (typeof stats?.rows === 'number') parts.push(`≈ ${stats.rows.toLocaleString('en-US')} rows`);
  if (typeof stats?.bytes === 'number') parts.push(`${(stats.bytes / 1024 ** 3).toFixed(1)} GB`);
  return parts.length ? ` (${parts.join(', ')}, ${stats?.basis})` : '';
}

/** gh-ost copies 100 to 100000 rows a chunk. */
function chunk(batchSize: number): number {
  return Math.min(100_000, Math.max(100, batchSize));
}

function ghost(table: string, alter: string, batchSize: number): string {
  return [
    'gh-ost \\',
    '  --host="$MYSQL_HOST" --user="$MYSQL_USER" --ask-pass \\',
    `  --database="$MYSQL_DATABASE" --table=${shellQuote(table)} \\`,
    `  --alter=${shellQuote(alter)} \\`,
    `  --chunk-size=${chunk(batchSize)} --max-load=Threads_running=25 --critical-load=Threads_running=1000 \\`,
    '  --initially-drop-ghost-table --initially-drop-old-table \\',
    '  --exact-rowcount --concurrent-rowcount --default-retries=120 \\',
    '  --cut-over=default --postpone-cut-over-flag-file=/tmp/ghost.postpone.flag \\',
    '  --allow-on-master --verbose \\',
    '  --execute',
  ].join('\n');
}

function ptOsc(table: string, alter: string, batchSize: number): string {
  return [
    'pt-online-schema-change \\',
    `  --alter ${shellQuote(alter)} \\`,
    `  --chunk-size=${batchSize} --max-load Threads_running=25 --critical-load Threads_running=100 \\`,
    '  --alter-foreign-keys-method=auto --ask-pass \\',
    `  "h=$MYSQL_HOST,u=$MYSQL_USER,D=$MYSQL_DATABASE,"${shellQuote(`t=${table}`)} \\`,
    '  --execute',
  ].join('\n');
}

/**
 * For a MySQL/MariaDB ALTER on a large table: both tools copy the table in chunks beside the
 * original, follow the writes made meanwhile, and swap the copies in a short cut-over, so replicas
 * never apply one long ALTER.
 */
export function onlineToolGuide(table: Table | undefined, name: string, alters: string[], batchSize: number): string {
  const lines = [
    `### \`${name}\` is large${sizeText(table)}: run ${alters.length > 1 ? 'these ALTERs' : 'this ALTER'} with an online schema-change tool`,
    '',
    'An in-place ALTER still holds the table\'s metadata lock at its start and end, and every replica applies it in one piece ' +
      '(replication lags for as long as it runs); a COPY ALTER blocks writes throughout. Instead of this phase\'s statements, ' +
      'run one of these tools: each copies the table in chunks, follows the writes made meanwhile (gh-ost: the binary log, ' +
      'which must be in ROW format; pt-online-schema-change: triggers) and swaps the tables in a short cut-over.',
    '',
    'Set `MYSQL_HOST`, `MYSQL_USER` and `MYSQL_DATABASE` first, and run each command once without `--execute` for a dry run. ' +
      'gh-ost is not tested on MariaDB (github/gh-ost#725) and refuses tables with foreign keys: there, use pt-online-schema-change.',
  ];
  for (const alter of alters) {
    lines.push('', `gh-ost:`, '```sh', ghost(name, alter, batchSize), '```', '', 'pt-online-schema-change:', '```sh', ptOsc(name, alter, batchSize), '```');
  }
  lines.push('', 'Either tool leaves the old table renamed (`_<table>_del` / `_<table>_old`): drop it once the change is verified.');
  return lines.join('\n');
}

function retarget(d: Dialect, statement: string, from: string, to: string): string {
  const prefix = `ALTER TABLE ${d.quoteIdent(from)} `;
  return statement.startsWith(prefix) ? `ALTER TABLE ${d.quoteIdent(to)} ${statement.slice(prefix.length)}` : statement;
}

const syncName = (target: string) => fitName(`mig_sync_to_${target}`);

/** A trigger that applies every write on `source` to `target` (AFTER, so it sees the final rows). */
function replicationTrigger(d: Dialect, table: Table, source: string, target: string): string[] {
  const q = (n: string) => d.quoteIdent(n);
  const cols = table.columns.map((c) => q(c.name));
  const key = table.primaryKey.map(q);
  const keyMatch = (row: string) => key.map((k) => `${k} = ${row}.${k}`).join(' AND ');
  const updates = table.columns.filter((c) => !table.primaryKey.includes(c.name)).map((c) => `${q(c.name)} = EXCLUDED.${q(c.name)}`);
  const fn = q(syncName(target));
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    'BEGIN',
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN",
    `    DELETE FROM ${q(target)} WHERE ${keyMatch('OLD')};`,
    '  END IF;',
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN",
    `    INSERT INTO ${q(target)} (${cols.join(', ')}) VALUES (${cols.map((c) => `NEW.${c}`).join(', ')})`,
    `      ON CONFLICT (${key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'};`,
    '  END IF;',
    '  RETURN NULL;',
    'END $$;',
    `CREATE TRIGGER ${fn} AFTER INSERT OR UPDATE OR DELETE ON ${q(source)} FOR EACH ROW EXECUTE FUNCTION ${fn}();`,
  ];
}

/** The batched copy of the rows that existed before the trigger, walking a single-column key. */
function batchedCopy(d: Dialect, table: Table, green: string, batchSize: number): string[] {
  const q = (n: string) => d.quoteIdent(n);
  const k = q(table.primaryKey[0]!);
  const t = q(table.name);
  return [
    'DO $$',
    `DECLARE lower_key ${t}.${k}%TYPE; upper_key ${t}.${k}%TYPE;`,
    'BEGIN',
    `  SELECT min(${k}) INTO lower_key FROM ${t};`,
    '  WHILE lower_key IS NOT NULL LOOP',
    `    SELECT max(${k}) INTO upper_key FROM (SELECT ${k} FROM ${t} WHERE ${k} >= lower_key ORDER BY ${k} LIMIT ${batchSize}) b;`,
    `    INSERT INTO ${q(green)} SELECT * FROM ${t} WHERE ${k} >= lower_key AND ${k} <= upper_key ON CONFLICT DO NOTHING;`,
    '    COMMIT;',
    `    SELECT min(${k}) INTO lower_key FROM ${t} WHERE ${k} > upper_key;`,
    '  END LOOP;',
    'END $$;',
  ];
}

/**
 * PostgreSQL, table level: the new table is built beside the old one, kept current by a trigger
 * and a batched copy, swapped in by two renames, and the old one kept in step for rollback.
 */
export function blueGreenGuide(
  d: Dialect,
  table: Table | undefined,
  name: string,
  change: string,
  statements: string[],
  batchSize: number,
): string {
  const t = d.quoteIdent(name);
  const greenName = fitName(`${name}_green`);
  const blueName = fitName(`${name}_blue`);
  const green = d.quoteIdent(greenName);
  const blue = d.quoteIdent(blueName);
  const keyed = table?.primaryKey.length === 1 ? table : undefined;
  const replicate = keyed
    ? ['```sql', ...replicationTrigger(d, keyed, name, greenName), '', ...batchedCopy(d, keyed, greenName, batchSize), '```']
    : [
        'The table has no single-column primary key to replicate by: use logical replication — `CREATE PUBLICATION ' +
          'mig_green FOR TABLE ...` on this server, `CREATE SUBSCRIPTION mig_green CONNECTION \'...\' PUBLICATION mig_green` ' +
          'on a copy of the database with the new shape — and switch the application between servers instead of tables.',
      ];
  return [
    `### Blue-green: ${change}${sizeText(table)}`,
    '',
    `Changing this in place rewrites ${t} and its indexes under an ACCESS EXCLUSIVE lock for as long as that takes. ` +
      'Instead: build the new shape beside the old one, replicate into it, switch, and keep the old one for rollback. ' +
      "This phase's statements are the in-place route, for a maintenance window.",
    '',
    '1. **Build** the new table beside the old one (columns, defaults, constraints, indexes, identity):',
    '```sql',
    `CREATE TABLE ${green} (LIKE ${t} INCLUDING ALL);`,
    ...statements.map((s) => `${retarget(d, s, name, greenName)};`),
    '```',
    `2. **Replicate**: a trigger applies every write on ${t} to ${green}; then the rows that existed before it are copied in ` +
      'batches, each committed on its own (run outside a transaction):',
    ...replicate,
    `3. **Verify**: \`SELECT count(*) FROM ${t}\` equals \`SELECT count(*) FROM ${green}\`; compare a sample of rows.`,
    '4. **Switch** in one short transaction (retry it if the lock timeout expires); from then on a trigger keeps the old ' +
      'table in step, for rollback:',
    '```sql',
    'BEGIN;',
    "SET LOCAL lock_timeout = '5s';",
    `LOCK TABLE ${t} IN ACCESS EXCLUSIVE MODE;`,
    `DROP TRIGGER IF EXISTS ${d.quoteIdent(syncName(greenName))} ON ${t};`,
    `ALTER TABLE ${t} RENAME TO ${blue};`,
    `ALTER TABLE ${green} RENAME TO ${t};`,
    ...(keyed ? replicationTrigger(d, keyed, name, blueName) : []),
    'COMMIT;',
    '```',
    '   Foreign keys of other tables still point at the old table: re-create each against the new one ' +
      '(`ADD CONSTRAINT ... NOT VALID`, then `VALIDATE CONSTRAINT`), and move sequences (`ALTER SEQUENCE ... OWNED BY`, `setval`).',
    `5. **Roll back** with the same two renames the other way (and the triggers swapped). Once the change is proven, ` +
      `\`DROP TRIGGER ${d.quoteIdent(syncName(blueName))} ON ${t}\` and \`DROP TABLE ${blue}\`.`,
  ].join('\n');
}
