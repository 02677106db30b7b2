import { MigError } from '../errors';
import { PORTABLE_NAME_LIMIT } from '../model/naming';

export const DEFAULT_IDENTIFIER_LIMIT = PORTABLE_NAME_LIMIT;

export function identifierRule(limit: number): string {
  return `names are ASCII letters, digits and _, not starting with a digit, at most ${limit} characters`;
}

function display(name: string): string {
  const shown = name.length > 60 ? `${name.slice(0, 60)}...` : name;
  return JSON.stringify(shown);
}

function problemWith(name: string, limit: number): string | undefined {
  if (name === '') return 'it is empty';
  const bad = /[^A-Za-z0-9_]/.exec(name);
  if (bad) return `it contains ${JSON.stringify(bad[0])}`;
  if (/^[0-9]/.test(name)) return 'it starts with a digit';
  if (name.length > limit) return `it is ${name.length} characters long`;
  return undefined;
}

/**
 * Refuse any name that is not a plain identifier. Reserved words are fine (dialects quote them);
 * anything that could carry SQL, quotes or non-ASCII text is not.
 */
export function validateIdentifier(name: string, limit: number): string {
  const problem = problemWith(name, limit);
  if (problem) {
    throw new MigError(`bad name ${display(name)}: ${problem}; ${identifierRule(limit)} — use a plain name such as user_email`, {
      code: 'BAD_IDENTIFIER',
    });
  }
  return name;
}

/** Rails' `underscore`: `AddEmailToUsers` → `add_email_to_users`, `userID` → `user_id`. */
export function underscore(word: string): string {
  return word
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}
