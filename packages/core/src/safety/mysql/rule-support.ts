/** What the MySQL rules share: the statement's online-DDL detail, and SQL and commands for their fixes. */
import { mysqlDialect } from '../../dialects/mysql/render';
import type { RuleContext } from '../types';
import { type MysqlStatementDetail, mysqlDetail } from './analyze';
import type { ClauseVerdict, StatementVerdict } from './online-ddl';
import type { AlterStatement } from './read-ddl';

export interface AlterDetail extends MysqlStatementDetail {
  alter: AlterStatement;
  verdict: StatementVerdict;
  natural: StatementVerdict;
}

/** The detail of an ALTER TABLE / CREATE INDEX / DROP INDEX / OPTIMIZE TABLE the analyzer read. */
export function alterDetail(ctx: RuleContext): AlterDetail | undefined {
  const d = mysqlDetail(ctx.statement);
  return d?.alter && d.verdict && d.natural ? (d as AlterDetail) : undefined;
}

/** `ALTER TABLE t <clauses>[, <settings>]`, the clauses as written. */
export function alterSql(alter: AlterStatement, clauses: string[], settings?: string): string {
  return `ALTER TABLE ${alter.tableText} ${[...clauses, ...(settings ? [settings] : [])].join(', ')}`;
}

export function clauseTexts(alter: AlterStatement): string[] {
  return [...new Set(alter.clauses.map((c) => c.text))];
}

/** The statement rewritten with ALGORITHM= / LOCK= that make the server refuse rather than fall back to something worse. */
export function guardedSql(d: AlterDetail): string {
  const v = d.natural;
  const settings = v.algorithm === 'INSTANT' ? 'ALGORITHM=INSTANT' : `ALGORITHM=${v.algorithm}, LOCK=${v.lock}`;
  return alterSql(d.alter, clauseTexts(d.alter), settings);
}

export function quoteIdent(name: string): string {
  return mysqlDialect.quoteIdent(name);
}

/** The verdicts of the statement with one of the causes. */
export function verdictsWith(d: AlterDetail, ...causes: ClauseVerdict['cause'][]): ClauseVerdict[] {
  return d.verdict.verdicts.filter((v) => causes.includes(v.cause));
}

/** Tables at or above this size are moved with an online schema change tool rather than an in-server ALTER. */
export const LARGE_TABLE_ROWS = 1_000_000;
export const LARGE_TABLE_BYTES = 1024 ** 3;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
