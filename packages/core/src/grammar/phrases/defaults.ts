import type { Operation } from '../../model/operations';
import { type Cursor, firstOf, noMatch } from '../cursor';
import { requireLiteral } from '../literals';
import { acceptTo, columnRef, fullColumnRef, withTable } from './common';
import { defaultChange, dropDefault } from './column-changes';
import type { Phrase } from './phrase';

/** `set default of users.active to true`, `change default for active in users to false`. */
function defaultOf(c: Cursor): Operation[] {
  c.expectAny('set', 'change', 'alter');
  c.expect('default');
  c.expectAny('of', 'for', 'on');
  const ref = columnRef(c);
  if (!acceptTo(c)) noMatch();
  const change = defaultChange(requireLiteral(c, 'the new default'));
  const full = withTable(c, ref);
  c.end();
  return change(full);
}

/** `set default true on users.active` */
function defaultOn(c: Cursor): Operation[] {
  c.expect('set', 'default');
  const change = defaultChange(requireLiteral(c, 'the new default'));
  c.expectAny('on', 'for', 'of');
  const ref = fullColumnRef(c);
  c.end();
  return change(ref);
}

/** `set users.active default true`, `set users.active default to true` */
function columnDefault(c: Cursor): Operation[] {
  c.expect('set');
  const ref = columnRef(c);
  c.expect('default');
  acceptTo(c);
  const change = defaultChange(requireLiteral(c, 'the new default'));
  const full = withTable(c, ref);
  c.end();
  return change(full);
}

/** `drop default of users.active`, `remove default from users.active` */
function removeDefault(c: Cursor): Operation[] {
  c.expectAny('drop', 'remove', 'delete');
  c.expect('default');
  c.expectAny('of', 'from', 'on', 'for');
  const ref = fullColumnRef(c);
  c.end();
  return dropDefault()(ref);
}

export const defaults: Phrase = {
  id: 'defaults',
  examples: [
    'set default of users.active to true',
    'set users.active default true',
    'drop default of users.active',
    'remove default from users.active',
  ],
  parse(c: Cursor): Operation[] {
    return firstOf(c, defaultOf, defaultOn, columnDefault, removeDefault);
  },
};
