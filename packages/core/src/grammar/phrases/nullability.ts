import type { Operation } from '../../model/operations';
import { type Cursor, firstOf, noMatch } from '../cursor';
import { columnRef, fullColumnRef, withTable } from './common';
import { type ColumnChange, notNull, nullState, nullable, uniqueIndex } from './column-changes';
import type { Phrase } from './phrase';

function stateOrUnique(c: Cursor): ColumnChange {
  if (c.accept('unique')) return uniqueIndex();
  return nullState(c) ?? noMatch();
}

/** `make users.email not null`, `make email in users nullable`, `make users.email unique`, `set users.email not null`. */
function makeColumn(c: Cursor): Operation[] {
  const verb = c.expectAny('make', 'set');
  const ref = columnRef(c);
  c.acceptAny('to', 'as');
  if (c.accept('be')) c.accept('a');
  const change = verb === 'make' ? stateOrUnique(c) : nullState(c) ?? noMatch();
  const full = withTable(c, ref);
  c.end();
  return change(full);
}

/** `allow null on users.email`, `disallow nulls in email of users`. */
function allowNull(c: Cursor): Operation[] {
  const verb = c.expectAny('allow', 'disallow', 'forbid');
  c.expectAny('null', 'nulls');
  c.expectAny('on', 'in', 'for');
  const ref = fullColumnRef(c);
  c.end();
  return (verb === 'allow' ? nullable() : notNull())(ref);
}

/** `set not null on users.email`, `add not null to users.email`, `drop not null from users.email`. */
function notNullConstraint(c: Cursor): Operation[] {
  const verb = c.expectAny('set', 'add', 'drop', 'remove');
  c.expect('not', 'null');
  c.accept('constraint');
  c.expectAny('on', 'to', 'from', 'of', 'for');
  const ref = fullColumnRef(c);
  c.end();
  return (verb === 'drop' || verb === 'remove' ? nullable() : notNull())(ref);
}

export const nullability: Phrase = {
  id: 'nullability',
  examples: [
    'make users.email not null',
    'make email in users nullable',
    'set users.email not null',
    'allow null on users.email',
    'drop not null from users.email',
    'make users.email unique',
  ],
  parse(c: Cursor): Operation[] {
    return firstOf(c, makeColumn, allowNull, notNullConstraint);
  },
};
