import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigError } from '../errors';

/**
 * Migrations on disk: raw SQL pairs `<name>.up.sql` / `<name>.down.sql` (or a lone `<name>.sql`,
 * which has no down unless it is a dbmate file with `-- migrate:up` / `-- migrate:down` sections),
 * ordered by name. A file's header comments carry directives:
 *
 *   -- mig:no-transaction        run its statements outside a transaction (CREATE INDEX CONCURRENTLY)
 *   -- mig:lock-timeout 5s       bound each lock wait (default: the runner's)
 *   -- mig:statement-timeout 0   bound each statement (0: none)
 *   -- mig:retries 3             attempts on a lock timeout or deadlock
 *   -- mig:after-deploy          a contract step: `mig migrate` stops before it unless --after-deploy
 *
 * and `-- mig:repeat [pause]` on the line before a statement makes it run again until it changes no
 * rows (one batch of a backfill per run), pausing between runs when a pause (`100ms`) is given.
 */
export interface Directives {
  transaction: boolean;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  retries?: number;
  afterDeploy: boolean;
}

export interface MigrationScript {
  path: string;
  text: string;
  directives: Directives;
}

export interface MigrationFile {
  /** the file name without `.up.sql` / `.sql`: the history's key */
  name: string;
  up: MigrationScript;
  down?: MigrationScript;
  /** sha256 of the up file, line endings normalised */
  checksum: string;
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m)?$/i;

/** `5s`, `500ms`, `2min`, `0` → milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new MigError(`${what} "${text}" is not a duration; write it as 500ms, 5s or 2min`, { code: 'BAD_DURATION' });
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  return Math.round(unit === 'ms' ? n : unit === 's' ? n * 1000 : n * 60_000);
}

const DIRECTIVE = /^--\s*mig:([a-z-]+)(?:\s+(.*?))?\s*$/i;

/** The directives of a script's leading comment lines. */
export function readDirectives(text: string, path: string): Directives {
  const directives: Directives = { transaction: true, afterDeploy: false };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    const [, name, value = ''] = m;
    const where = `${path}: -- mig:${name}`;
    switch (name!.toLowerCase()) {
      case 'no-transaction':
        directives.transaction = false;
        break;
      case 'after-deploy':
        directives.afterDeploy = true;
        break;
      case 'lock-timeout':
        directives.lockTimeoutMs = parseDuration(value, where);
        break;
      case 'statement-timeout':
        directives.statementTimeoutMs = parseDuration(value, where);
        break;
      case 'retries': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) {
          throw new MigError(`${where} needs a whole number of attempts of at least 1 (got "${value}")`, { code: 'BAD_DIRECTIVE' });
        }
        directives.retries = n;
        break;
      }
      case 'repeat':
        break;
      default:
        throw new MigError(
          `${where} is not a directive mig knows; use no-transaction, lock-timeout, statement-timeout, retries, after-deploy or repeat`,
          { code: 'BAD_DIRECTIVE' },
        );
    }
  }
  return directives;
}

export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

function script(path: string): MigrationScript {
  const text = readFileSync(path, 'utf8');
  return { path, text, directives: readDirectives(text, path) };
}

/** The directives a script set explicitly (dropping the defaults it did not). */
function stripDefaults(d: Directives): Partial<Directives> {
  const out: Partial<Directives> = { ...d };
  if (d.transaction) delete out.transaction;
  if (!d.afterDeploy) delete out.afterDeploy;
  return out;
}

const DBMATE_SECTION = /^--\s*migrate:(up|down)\b(.*)$/gim;

/**
 * A dbmate file: one `<name>.sql` with `-- migrate:up` and `-- migrate:down` sections, either
 * optionally `transaction:false`. Undefined when the file has no such sections.
 */
function dbmateScripts(path: string, text: string): { up: MigrationScript; down?: MigrationScript } | undefined {
  const marks = [...text.matchAll(DBMATE_SECTION)];
  if (!marks.some((m) => m[1]!.toLowerCase() === 'up')) return undefined;
  const sections: Partial<Record<'up' | 'down', MigrationScript>> = {};
  const header = readDirectives(text.slice(0, marks[0]!.index), path);
  marks.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : text.length;
    const body = text.slice(start, end).replace(/^[^\n]*\n?/, '');
    const direction = m[1]!.toLowerCase() as 'up' | 'down';
    const own = readDirectives(body, path);
    const directives = direction === 'up' ? { ...header, ...stripDefaults(own) } : own;
    if (/\btransaction:false\b/i.test(m[2] ?? '')) directives.transaction = false;
    sections[direction] = { path, text: body, directives };
  });
  return { up: sections.up!, ...(sections.down && sections.down.text.trim() ? { down: sections.down } : {}) };
}

/** The migrations in a directory, ordered by name. A missing directory holds none. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) {
    throw new MigError(`${dir} is not a directory; pass the migrations directory with --dir`, { code: 'NOT_A_DIRECTORY' });
  }
  const entries = readdirSync(dir).filter((f) => /\.sql$/i.test(f));
  const names = new Map<string, { up?: string; down?: string }>();
  for (const file of entries) {
    const down = /^(.*)\.down\.sql$/i.exec(file);
    const up = /^(.*?)(?:\.up)?\.sql$/i.exec(file);
    const name = (down?.[1] ?? up?.[1])!;
    const slot = names.get(name) ?? {};
    if (down) slot.down = file;
    else if (slot.up) {
      throw new MigError(`${dir} has both ${slot.up} and ${file} for migration ${name}; keep one`, { code: 'DUPLICATE_MIGRATION' });
    } else slot.up = file;
    names.set(name, slot);
  }
  const files: MigrationFile[] = [];
  for (const [name, slot] of [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!slot.up) {
      throw new MigError(`${join(dir, slot.down!)} has no up file; add ${name}.up.sql or remove it`, { code: 'MISSING_UP' });
    }
    const path = join(dir, slot.up);
    const text = readFileSync(path, 'utf8');
    const dbmate = !slot.down && !/\.up\.sql$/i.test(slot.up) ? dbmateScripts(path, text) : undefined;
    if (dbmate) {
      files.push({ name, ...dbmate, checksum: checksumOf(text) });
      continue;
    }
    const up = script(path);
    files.push({ name, up, ...(slot.down ? { down: script(join(dir, slot.down)) } : {}), checksum: checksumOf(up.text) });
  }
  return files;
}
