import { createHash } from 'node:crypto';

/** The longest identifier every supported dialect accepts (PostgreSQL: 63 bytes, MySQL: 64). */
export const PORTABLE_NAME_LIMIT = 63;

/** Fit a generated name within `limit`: keep a readable prefix and add a short hash of the whole. */
export function fitName(name: string, limit = PORTABLE_NAME_LIMIT): string {
  if (name.length <= limit) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, limit - hash.length - 1)}_${hash}`;
}

export function indexName(table: string, columns: string[], unique: boolean): string {
  return fitName(`idx_${table}_${columns.join('_')}${unique ? '_unique' : ''}`);
}

export function foreignKeyName(table: string, columns: string[], refTable: string): string {
  return fitName(`fk_${table}_${columns.join('_')}_${refTable}`);
}

export function checkName(table: string, hint: string): string {
  return fitName(`chk_${table}_${hint}`);
}
