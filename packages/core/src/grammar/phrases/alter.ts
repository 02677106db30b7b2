import type { Operation } from '../../model/operations';
import { type Cursor, firstOf, noMatch } from '../cursor';
import { requireLiteral } from '../literals';
import { readType } from '../types';
import { acceptTo, columnRef, withTable } from './common';
import { type ColumnChange, both, defaultChange, dropDefault, notNull, nullState, nullable, typeChange } from './column-changes';
import type { Phrase } from './phrase';

function setDefaultAction(c: Cursor): ColumnChange {
  c.accept('set');
  c.expect('default');
  acceptTo(c);
  return defaultChange(requireLiteral(c, 'the new default'));
}

function dropDefaultAction(c: Cursor): ColumnChange {
  c.expectAny('drop', 'remove');
  c.expect('default');
  return dropDefault();
}

function notNullAction(c: Cursor): ColumnChange {
  c.accept('set');
  c.expect('not', 'null');
  return notNull();
}

function nullableAction(c: Cursor): ColumnChange {
  if (c.accept('drop', 'not', 'null')) return nullable();
  c.accept('set');
  c.expectAny('null', 'nullable');
  return nullable();
}

/** `[set data] type [to] bigint`, `to bigint`, `to not null`; a type may be followed by `not null` / `null`. */
function typeAction(c: Cursor): ColumnChange {
  c.accept('set');
  c.accept('data');
  const typeWord = c.accept('type');
  const to = acceptTo(c);
  if (!typeWord && !to) noMatch();
  const state = nullState(c);
  if (state) return state;
  return both(typeChange(readType(c)), nullState(c));
}

function action(c: Cursor): ColumnChange {
  return firstOf(c, setDefaultAction, dropDefaultAction, notNullAction, nullableAction, typeAction);
}

/** `change type of users.age to bigint` */
function typeOf(c: Cursor): Operation[] {
  c.expectAny('change', 'alter', 'modify', 'set');
  c.expect('type');
  c.expectAny('of', 'for');
  const ref = columnRef(c);
  c.expectAny('to', 'as');
  const change = both(typeChange(readType(c)), nullState(c));
  const full = withTable(c, ref);
  c.end();
  return change(full);
}

/** `change users.age to bigint`, `alter column age in users type text`, `change column age type to integer in users`. */
function changeColumn(c: Cursor): Operation[] {
  c.expectAny('change', 'alter', 'modify');
  const ref = columnRef(c);
  const change = action(c);
  const full = withTable(c, ref);
  const after = ref.table === undefined ? nullState(c) : undefined;
  c.end();
  return both(change, after)(full);
}

export const alterColumn: Phrase = {
  id: 'alter-column',
  examples: [
    'change type of users.age to bigint',
    'change users.age to bigint',
    'alter column age in users to text',
    'change column age type to integer in users',
  ],
  parse(c: Cursor): Operation[] {
    return firstOf(c, typeOf, changeColumn);
  },
};
