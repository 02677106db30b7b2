import { MigError } from '../../errors';
import type { Backfill } from '../../model/operations';
import type { DefaultValue } from '../../model/schema';
import type { Cursor } from '../cursor';
import { validateExpression } from '../expression';
import { LITERAL_HELP, readLiteral } from '../literals';
import { acceptTo } from './common';
import type { Phrase } from './phrase';

/** The tokens of one value: up to a comma outside parentheses, `where`, or the end. */
function valueEnd(c: Cursor): number {
  let depth = 0;
  let i = c.index;
  for (; i < c.tokens.length; i += 1) {
    const t = c.tokens[i];
    if (t?.kind === 'punct' && t.value === '(') depth += 1;
    if (t?.kind === 'punct' && t.value === ')') depth -= 1;
    if (depth === 0 && ((t?.kind === 'punct' && t.value === ',') || c.isWord(i - c.index, 'where'))) break;
  }
  return i;
}

/** A literal (`false`, 'x', now()) or, failing that, a validated SQL expression (`lower(email)`). */
function value(c: Cursor, column: string): DefaultValue | null {
  const end = valueEnd(c);
  if (end === c.index) {
    throw new MigError(`the backfill needs a value for ${column}; write ${LITERAL_HELP}, or an expression such as lower(email)`, {
      code: 'BAD_DESCRIPTION',
    });
  }
  const start = c.index;
  const lit = readLiteral(c);
  if (lit && c.index === end) return lit.value;
  c.index = end;
  return { sql: validateExpression(c.slice(start, end), 'value').sql };
}

function assign(c: Cursor, set: Record<string, DefaultValue | null>, column: string): void {
  if (!acceptTo(c)) c.expect('with');
  if (Object.prototype.hasOwnProperty.call(set, column)) {
    throw new MigError(`the backfill sets ${column} twice; set each column once`, { code: 'BAD_DESCRIPTION' });
  }
  // defineProperty keeps a column called __proto__ an ordinary key
  Object.defineProperty(set, column, { value: value(c, column), enumerable: true, writable: true, configurable: true });
}

export const backfill: Phrase = {
  id: 'backfill',
  examples: [
    'backfill users.email_verified = false where email_verified is null',
    "backfill users set plan = 'free', credits = 0",
  ],
  parse(c: Cursor): Backfill[] {
    c.expect('backfill');
    const table = c.name();
    const set: Record<string, DefaultValue | null> = {};
    if (c.acceptPunct('.')) assign(c, set, c.name());
    else {
      c.expect('set');
      do assign(c, set, c.name());
      while (c.acceptPunct(','));
    }
    const op: Backfill = { kind: 'backfill', table, set };
    if (c.accept('where')) {
      op.where = validateExpression(c.slice(c.index, c.tokens.length), 'where').sql;
      c.index = c.tokens.length;
    }
    c.end();
    return [op];
  },
};
