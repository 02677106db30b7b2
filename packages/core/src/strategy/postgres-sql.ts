/**
 * The PostgreSQL statements of the online strategies that the dialect's renderer has no operation
 * for: NOT VALID constraints and their validation, concurrent index builds, renames of indexes and
 * constraints. Names go through the dialect's quoteIdent, values through its renderValue.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { MigError } from '../errors';
import { checkName, fitName } from '../model/naming';
import { inTransaction, onItsOwn } from './render';

function alterTable(d: Dialect, table: string): string {
  return `ALTER TABLE ${d.quoteIdent(table)}`;
}

/** The CHECK that stands in for NOT NULL while it is validated online. */
export function notNullCheckName(table: string, column: string): string {
  return checkName(table, `${column}_not_null`);
}

/** A name for the copy of an index or constraint built beside the original; renamed back in the contract. */
export function shadowName(name: string): string {
  return fitName(`${name}_mig`);
}

/** `... ADD CONSTRAINT ...` as the dialect renders it, made NOT VALID: existing rows are checked later. */
export function notValid(statements: Statement[]): Statement {
  const [only] = statements;
  if (statements.length !== 1 || !only || !/^ALTER TABLE .* ADD CONSTRAINT /s.test(only.sql)) {
    throw new MigError(`expected one ADD CONSTRAINT statement to make NOT VALID, got: ${statements.map((s) => s.sql).join('; ')}`, {
      code: 'STRATEGY_INTERNAL',
    });
  }
  return inTransaction(`${only.sql} NOT VALID`);
}

export function addNotNullCheck(d: Dialect, table: string, column: string, name = notNullCheckName(table, column)): Statement {
  return inTransaction(
    `${alterTable(d, table)} ADD CONSTRAINT ${d.quoteIdent(name)} CHECK (${d.quoteIdent(column)} IS NOT NULL) NOT VALID`,
  );
}

/** VALIDATE takes SHARE UPDATE EXCLUSIVE: it scans while writes go on, in a transaction of its own. */
export function validateConstraint(d: Dialect, table: string, name: string): Statement {
  return onItsOwn(`${alterTable(d, table)} VALIDATE CONSTRAINT ${d.quoteIdent(name)}`);
}

export function dropConstraintIfExists(d: Dialect, table: string, name: string): Statement {
  return inTransaction(`${alterTable(d, table)} DROP CONSTRAINT IF EXISTS ${d.quoteIdent(name)}`);
}

export function setNotNull(d: Dialect, table: string, column: string): Statement {
  return inTransaction(`${alterTable(d, table)} ALTER COLUMN ${d.quoteIdent(column)} SET NOT NULL`);
}

export function dropNotNull(d: Dialect, table: string, column: string): Statement {
  return inTransaction(`${alterTable(d, table)} ALTER COLUMN ${d.quoteIdent(column)} DROP NOT NULL`);
}

/**
 * A concurrent build, preceded by dropping the INVALID index a failed or cancelled earlier build
 * leaves behind under the same name (the plan's model says no valid index has that name).
 */
export function createIndexConcurrently(d: Dialect, name: string, table: string, columns: string[], unique: boolean): Statement[] {
  const cols = columns.map((c) => d.quoteIdent(c)).join(', ');
  return [
    dropIndexConcurrently(d, name),
    onItsOwn(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${d.quoteIdent(name)} ON ${d.quoteIdent(table)} (${cols})`),
  ];
}

export function dropIndexConcurrently(d: Dialect, name: string): Statement {
  return onItsOwn(`DROP INDEX CONCURRENTLY IF EXISTS ${d.quoteIdent(name)}`);
}

export function renameIndex(d: Dialect, from: string, to: string): Statement {
  return inTransaction(`ALTER INDEX ${d.quoteIdent(from)} RENAME TO ${d.quoteIdent(to)}`);
}

export function renameConstraint(d: Dialect, table: string, from: string, to: string): Statement {
  return inTransaction(`${alterTable(d, table)} RENAME CONSTRAINT ${d.quoteIdent(from)} TO ${d.quoteIdent(to)}`);
}

/** A unique index becomes the UNIQUE constraint's index without a second scan. */
export function addUniqueUsingIndex(d: Dialect, table: string, name: string): Statement {
  return inTransaction(`${alterTable(d, table)} ADD CONSTRAINT ${d.quoteIdent(name)} UNIQUE USING INDEX ${d.quoteIdent(name)}`);
}

/** A dollar-quote tag that does not occur in `body`, so nothing inside can end the quoting. */
export function dollarQuote(body: string): string {
  let tag = '$mig$';
  for (let i = 1; body.includes(tag); i++) tag = `$mig${i}$`;
  return `${tag}${body}${tag}`;
}
