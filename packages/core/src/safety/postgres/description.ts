/** The facts of one statement as a describer works them out, and what describers are given. */
import type { Fields } from './ast';
import { type LockMode, LockSet } from './locks';
import type { Knowledge } from './state';

export const PASS_SCHEMA = 'pass --schema-from or --db';

/** The facts of one statement as they are being worked out. */
export class Description {
  readonly kinds: string[] = [];
  readonly tables: string[] = [];
  readonly locks = new LockSet();
  /** allocated on the first note: most statements have none */
  notes?: string[];
  rewrite = false;
  scan = false;
  transactional = true;

  constructor(readonly type: string) {}

  touch(table: string | undefined): void {
    if (table && !this.tables.includes(table)) this.tables.push(table);
  }

  lock(table: string | undefined, mode: LockMode): void {
    this.touch(table);
    this.locks.add(table, mode);
  }

  note(text: string): void {
    this.notes ??= [];
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Note a form the target version does not have: the server will refuse the statement. */
  requires(what: string, since: number, version: number): boolean {
    if (version >= since) return true;
    this.note(`${what} needs PostgreSQL ${since}; version ${version} refuses this statement`);
    return false;
  }

  kind(): string {
    return this.kinds.length ? `${this.type}/${this.kinds.join(',')}` : this.type;
  }
}

export interface Ctx {
  d: Description;
  k: Knowledge;
  version: number;
  timeZone?: string;
}

export type Describer = (f: Fields, ctx: Ctx) => void;

export function relName(node: unknown): string | undefined {
  const fields = (node as Fields | undefined)?.['RangeVar'] ?? node;
  const name = (fields as Fields | undefined)?.['relname'];
  return typeof name === 'string' ? name : undefined;
}
