/**
 * The PostgreSQL trigger that keeps an old column and its replacement in step while both exist:
 * code deployed before the change writes the old one, code deployed after writes the new one,
 * and each sees the other's writes.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { fitName } from '../model/naming';
import { dollarQuote } from './postgres-sql';
import { inTransaction } from './render';

export interface SyncPair {
  table: string;
  /** the column deployed code writes today */
  source: string;
  /** its replacement, without a default while the pair is synced (see the INSERT rule) */
  target: string;
  /** SQL converting a source value to the target's type (`e` is the value expression) */
  toTarget: (e: string) => string;
  toSource: (e: string) => string;
}

export function syncTriggerName(pair: SyncPair): string {
  return fitName(`mig_sync_${pair.table}_${pair.source}`);
}

/**
 * INSERT: a row without the target (old code) gets it from the source; otherwise the source
 * follows the target, which overrides a source filled only by its default. UPDATE: whichever
 * column changed wins; a target set to exactly the converted source (the backfill) changes nothing.
 */
function functionBody(d: Dialect, pair: SyncPair): string {
  const src = `NEW.${d.quoteIdent(pair.source)}`;
  const tgt = `NEW.${d.quoteIdent(pair.target)}`;
  const oldSrc = `OLD.${d.quoteIdent(pair.source)}`;
  const oldTgt = `OLD.${d.quoteIdent(pair.target)}`;
  return [
    '',
    'BEGIN',
    "  IF TG_OP = 'INSERT' THEN",
    `    IF ${tgt} IS NULL THEN`,
    `      ${tgt} := ${pair.toTarget(src)};`,
    '    ELSE',
    `      ${src} := ${pair.toSource(tgt)};`,
    '    END IF;',
    `  ELSIF ${tgt} IS DISTINCT FROM ${oldTgt} AND ${tgt} IS DISTINCT FROM ${pair.toTarget(src)} THEN`,
    `    ${src} := ${pair.toSource(tgt)};`,
    `  ELSIF ${src} IS DISTINCT FROM ${oldSrc} THEN`,
    `    ${tgt} := ${pair.toTarget(src)};`,
    '  END IF;',
    '  RETURN NEW;',
    'END',
    '',
  ].join('\n');
}

/** CREATE TRIGGER takes SHARE ROW EXCLUSIVE for a moment: run it under the phase's lock_timeout. */
export function createSyncTrigger(d: Dialect, pair: SyncPair): Statement[] {
  const name = d.quoteIdent(syncTriggerName(pair));
  return [
    inTransaction(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(functionBody(d, pair))}`),
    inTransaction(`DROP TRIGGER IF EXISTS ${name} ON ${d.quoteIdent(pair.table)}`),
    inTransaction(`CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON ${d.quoteIdent(pair.table)} FOR EACH ROW EXECUTE FUNCTION ${name}()`),
  ];
}

export function dropSyncTrigger(d: Dialect, pair: SyncPair): Statement[] {
  const name = d.quoteIdent(syncTriggerName(pair));
  return [
    inTransaction(`DROP TRIGGER IF EXISTS ${name} ON ${d.quoteIdent(pair.table)}`),
    inTransaction(`DROP FUNCTION IF EXISTS ${name}()`),
  ];
}
