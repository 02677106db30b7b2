import { quoteIdent } from '../../dialects/sqlite/quote';
import { sqliteDialect } from '../../dialects/sqlite/render';
import { describeOperation } from '../../model/describe';
import type { Operation, OperationOf } from '../../model/operations';
import { type RebuildStep, sqliteDetail } from '../sqlite/analyze';
import type { Rule, RuleHit } from '../types';

/** The statement SQLite 3.53.0 and later run in place of the rebuild, for the NOT NULL and CHECK changes. */
function inPlaceSince353(change: Operation): string | undefined {
  switch (change.kind) {
    case 'setNotNull':
    case 'dropNotNull':
      return `ALTER TABLE ${quoteIdent(change.table)} ALTER COLUMN ${quoteIdent(change.column)} ${change.kind === 'setNotNull' ? 'SET' : 'DROP'} NOT NULL`;
    case 'addCheck':
      return `ALTER TABLE ${quoteIdent(change.table)} ADD CONSTRAINT ${quoteIdent(change.name)} CHECK (${change.expression})`;
    case 'dropCheck':
      return `ALTER TABLE ${quoteIdent(change.table)} DROP CONSTRAINT ${quoteIdent(change.name)}`;
    default:
      return undefined;
  }
}

/** ALTER TABLE ADD COLUMN for the column made nullable without a default, which needs no rebuild. */
function nullableColumn(op: OperationOf<'addColumn'>): string | undefined {
  const { default: _default, primaryKey: _pk, autoIncrement: _ai, ...column } = op.column;
  if (op.column.primaryKey || op.column.autoIncrement) return undefined;
  const statements = sqliteDialect.render({ kind: 'addColumn', table: op.table, column: { ...column, nullable: true } }, {});
  return `${statements.map((s) => s.sql).join(';\n')};\n-- then backfill ${op.column.name} in batches (NOT NULL can come in place only with a constant DEFAULT; adding it later is this rebuild)`;
}

function fixFor(change: Operation | undefined): string | undefined {
  if (!change) return undefined;
  const inPlace = inPlaceSince353(change);
  if (inPlace) {
    const note = change.kind === 'addCheck' ? '; before 3.53.0, BEFORE INSERT and BEFORE UPDATE triggers that RAISE(ABORT, …) enforce it without a rebuild' : '';
    return `-- SQLite 3.53.0 and later (SELECT sqlite_version()) make this change in place${/^(setNotNull|addCheck)$/.test(change.kind) ? ', testing every row' : ''}${note}:\n${inPlace}`;
  }
  if (change.kind === 'addColumn') return nullableColumn(change);
  if (change?.kind === 'alterColumnType') {
    return 'SQLite stores any value in any column (type affinity only converts where it can): if the application can keep writing the new type into the old column, skip the change; otherwise run the rebuild while writes can pause';
  }
  return undefined;
}

function message(rebuild: RebuildStep, rows: number | null | undefined): string {
  const what = rebuild.change ? ` to ${describeOperation(rebuild.change)}` : '';
  const size = rows === null || rows === undefined ? '' : `; ${rebuild.table} holds about ${rows.toLocaleString('en-US')} rows`;
  return `table ${rebuild.table} is rebuilt${what}: SQLite copies every row into ${rebuild.temp}, drops ${rebuild.table} and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout)${size}`;
}

/** A table rebuild (the 12-step ALTER procedure) holds the single write lock while it copies every row. */
export const sqliteTableRebuild: Rule = {
  id: 'sqlite-table-rebuild',
  code: 'MIG-SL101',
  severity: 'warning',
  dialects: ['sqlite'],
  summary: 'change that SQLite can only make by rebuilding (copying) the table',
  fix: 'run the rebuild while writes can pause, with busy_timeout set on the application connections so they wait instead of failing; prefer changes ALTER TABLE can make in place (ADD COLUMN nullable or with a constant default, RENAME, DROP COLUMN)',
  check(ctx) {
    const detail = sqliteDetail(ctx.statement);
    const rebuild = detail?.rebuild;
    if (!rebuild || rebuild.step !== 'copy') return [];
    const fix = fixFor(rebuild.change);
    const hit: RuleHit = { message: message(rebuild, detail.stats?.rows), ...(fix ? { fix } : {}) };
    return [hit];
  },
};
