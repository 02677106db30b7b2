import { MigError } from '../../errors';
import { SQLITE_KEYWORDS } from './keywords';

const KEYWORDS = new Set(SQLITE_KEYWORDS);
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A name as SQLite reads it: bare when it is a plain identifier and no keyword, else in double
 * quotes with embedded quotes doubled, so no name can end the quoting early.
 */
export function quoteIdent(name: string): string {
  if (name === '' || name.includes('\0')) {
    throw new MigError(`the name ${JSON.stringify(name)} cannot be a SQLite identifier; use a non-empty name without NUL characters`, {
      code: 'BAD_IDENTIFIER',
    });
  }
  if (PLAIN_IDENTIFIER.test(name) && !KEYWORDS.has(name.toUpperCase())) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal: single quotes doubled (SQLite has no backslash escapes). */
export function quoteString(value: string): string {
  // SQLite reads statement text as a C string in places, so a NUL would silently cut the literal short.
  if (value.includes('\0')) {
    throw new MigError(`the value ${JSON.stringify(value)} contains a NUL character, which a SQLite string literal cannot hold; remove it`, {
      code: 'BAD_VALUE',
    });
  }
  return `'${value.replace(/'/g, "''")}'`;
}
