/**
 * The MySQL / MariaDB triggers that keep an old column and its replacement in step while both
 * exist, with the semantics of the PostgreSQL trigger (sync-trigger.ts): code deployed before the
 * change writes the old column, code deployed after writes the new one, and each sees the other's
 * writes. MySQL has no INSERT OR UPDATE trigger, so there are two, one per event.
 *
 * Each body is a single SET, without BEGIN ... END: the statement holds no semicolon, so it runs
 * as one statement through any client, migration file or framework runner, without a DELIMITER.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { fitName } from '../model/naming';
import { parseType } from '../model/types';
import { onItsOwn } from './render';

export interface MysqlSyncPair {
  table: string;
  /** the column deployed code writes today, and its portable type */
  source: string;
  sourceType: string;
  /** its replacement, without a default while the pair is synced (see the INSERT rule) */
  target: string;
  targetType: string;
  /** SQL converting a source value to the target's type (`e` is the value expression) */
  toTarget: (e: string) => string;
  toSource: (e: string) => string;
}

const TEXT_TYPES = new Set(['string', 'text', 'uuid']);

/**
 * A NULL-safe comparison that sees every difference a write can make. Text is compared as bytes
 * (after conversion to one character set, as columns may differ in theirs): under the default
 * case-insensitive, trailing-space-padded collations 'Bob' <=> 'bob' is true, and a write that
 * only changes the case would not be carried over.
 */
export function sameValue(type: string, a: string, b: string): string {
  if (!TEXT_TYPES.has(parseType(type).base)) return `${a} <=> ${b}`;
  const bytes = (e: string) => `CAST(CONVERT(${e} USING utf8mb4) AS BINARY)`;
  return `${bytes(a)} <=> ${bytes(b)}`;
}

export function mysqlSyncTriggerNames(pair: MysqlSyncPair): { insert: string; update: string } {
  return {
    insert: fitName(`mig_sync_${pair.table}_${pair.source}_ins`),
    update: fitName(`mig_sync_${pair.table}_${pair.source}_upd`),
  };
}

/**
 * INSERT: a row without the target (old code) gets it from the source; otherwise the source
 * follows the target, which overrides a source filled only by its default.
 */
function insertBody(d: Dialect, pair: MysqlSyncPair): string {
  const src = `NEW.${d.quoteIdent(pair.source)}`;
  const tgt = `NEW.${d.quoteIdent(pair.target)}`;
  return [
    `  ${src} = IF(${tgt} IS NULL, ${src}, ${pair.toSource(tgt)}),`,
    `  ${tgt} = IF(${tgt} IS NULL, ${pair.toTarget(src)}, ${tgt})`,
  ].join('\n');
}

/**
 * UPDATE: whichever column changed wins; a target set to exactly the converted source (the
 * backfill) changes nothing. The assignments run in order, so the second re-reads the condition
 * after the first: when the first copied the source into the target, the target now equals the
 * converted source and the condition is false, as it was before — the source stays.
 */
function updateBody(d: Dialect, pair: MysqlSyncPair): string {
  const src = `NEW.${d.quoteIdent(pair.source)}`;
  const tgt = `NEW.${d.quoteIdent(pair.target)}`;
  const oldSrc = `OLD.${d.quoteIdent(pair.source)}`;
  const oldTgt = `OLD.${d.quoteIdent(pair.target)}`;
  const targetWritten =
    `NOT (${sameValue(pair.targetType, tgt, oldTgt)}) AND NOT (${sameValue(pair.targetType, tgt, pair.toTarget(src))})`;
  const sourceChanged = `NOT (${sameValue(pair.sourceType, src, oldSrc)})`;
  return [
    `  ${tgt} = IF(${targetWritten}, ${tgt}, IF(${sourceChanged}, ${pair.toTarget(src)}, ${tgt})),`,
    `  ${src} = IF(${targetWritten}, ${pair.toSource(tgt)}, ${src})`,
  ].join('\n');
}

/**
 * DROP ... IF EXISTS before each CREATE, so the phase can run again after a lock timeout (MySQL
 * before 8.0.29 has no CREATE TRIGGER IF NOT EXISTS, and an existing trigger might hold another
 * body). Each statement takes a brief exclusive metadata lock on the table.
 */
export function createMysqlSyncTriggers(d: Dialect, pair: MysqlSyncPair): Statement[] {
  const names = mysqlSyncTriggerNames(pair);
  const table = d.quoteIdent(pair.table);
  const create = (name: string, event: 'INSERT' | 'UPDATE', body: string) =>
    onItsOwn(`CREATE TRIGGER ${d.quoteIdent(name)} BEFORE ${event} ON ${table} FOR EACH ROW SET\n${body}`);
  return [
    onItsOwn(`DROP TRIGGER IF EXISTS ${d.quoteIdent(names.insert)}`),
    create(names.insert, 'INSERT', insertBody(d, pair)),
    onItsOwn(`DROP TRIGGER IF EXISTS ${d.quoteIdent(names.update)}`),
    create(names.update, 'UPDATE', updateBody(d, pair)),
  ];
}

export function dropMysqlSyncTriggers(d: Dialect, pair: MysqlSyncPair): Statement[] {
  const names = mysqlSyncTriggerNames(pair);
  return [names.update, names.insert].map((name) => onItsOwn(`DROP TRIGGER IF EXISTS ${d.quoteIdent(name)}`));
}
