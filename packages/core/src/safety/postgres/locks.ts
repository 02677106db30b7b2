import type { LockFact } from '../types';

/** PostgreSQL's table lock modes, weakest first, spelled as the documentation and `LOCK TABLE` spell them. */
export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** `pg_locks.mode` spelling (`AccessExclusiveLock`) → the mode's name. */
export function lockModeFromPgLocks(mode: string): LockMode | undefined {
  const words = mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : undefined;
}

const RANKS: Record<string, number> = Object.fromEntries(LOCK_MODES.map((m, i) => [m, i + 1]));

/** The mode's rank: higher is stronger (PostgreSQL's own numbering, 1..8); 0 for an unknown mode. */
export function lockRank(mode: string): number {
  return RANKS[mode] ?? 0;
}

/** SHARE or stronger: blocks INSERT / UPDATE / DELETE on the table while held. */
export function blocksWrites(mode: string): boolean {
  return lockRank(mode) >= lockRank('SHARE');
}

/**
 * Collects the locks of one statement, keeping the strongest mode per table in first-seen order.
 * The list starts as a one-element literal, so the usual single lock is kept without spare room.
 */
export class LockSet {
  private locks?: LockFact[];

  add(table: string | undefined, mode: LockMode): void {
    if (!table) return;
    const current = this.locks?.find((l) => l.table === table);
    if (current) {
      if (lockRank(mode) > lockRank(current.mode)) current.mode = mode;
    } else if (this.locks) this.locks.push({ table, mode });
    else this.locks = [{ table, mode }];
  }

  get(table: string): LockMode | undefined {
    return this.locks?.find((l) => l.table === table)?.mode as LockMode | undefined;
  }

  facts(): LockFact[] {
    return this.locks ?? [];
  }
}
