import { rails } from '../rails';
import { alterColumn } from './alter';
import { backfill } from './backfill';
import { addCheck, dropCheck } from './checks';
import { addColumns, dropColumns } from './columns';
import { defaults } from './defaults';
import { addForeignKey, dropForeignKey } from './foreign-keys';
import { createIndex, dropIndex } from './indexes';
import { nullability } from './nullability';
import type { Phrase } from './phrase';
import { renameColumn, renameTable, renameUnclear } from './rename';
import { createTable, dropTable } from './tables';

/**
 * Every phrase family, in the order they are tried and listed. Column phrases step aside for
 * the keywords that start other families (`add index`, `drop default`), so the order only matters
 * for `renameUnclear`, which must come after the rename phrases it explains.
 */
export const PHRASES: readonly Phrase[] = [
  addColumns,
  dropColumns,
  createTable,
  dropTable,
  renameColumn,
  renameTable,
  renameUnclear,
  alterColumn,
  nullability,
  defaults,
  createIndex,
  dropIndex,
  addForeignKey,
  dropForeignKey,
  addCheck,
  dropCheck,
  backfill,
  rails,
];
