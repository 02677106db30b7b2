/** The facts of one statement as a describer works them out, and what describers are given. */
import type { Fields } from './ast';
import { type LockMode, LockSet } from './locks';
import type { Knowledge } from './state';

export const PASS_SCHEMA = 'pass --schema-from or --db';

const KINDS = new Map<string, string>();

/** The facts of one statement as they are being worked out. */
export class Description {
  readonly kinds: string[] = [];
  /** starts as a one-element literal (see LockSet) */
  private touched?: string[];
  readonly locks = new LockSet();
  /** allocated on the first note: most statements have none */
  notes?: string[];
  rewrite = false;
  scan = false;
  transactional = true;

  constructor(readonly type: string) {}

  get tables(): string[] {
    return this.touched ?? [];
  }

  touch(table: string | undefined): void {
    if (!table) return;
    if (!this.touched) this.touched = [table];
    else if (!this.touched.includes(table)) this.touched.push(table);
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
    if (!this.kinds.length) return this.type;
    const kind = `${this.type}/${this.kinds.join(',')}`;
    // Kinds repeat across a file; keeping one copy of each spares the memory of long files.
    const known = KINDS.get(kind);
    if (known !== undefined) return known;
    if (KINDS.size < 1000) KINDS.set(kind, kind);
    return kind;
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
