import { checkName } from '../../model/naming';
import type { AddCheck, DropCheck } from '../../model/operations';
import { type Cursor, attempt, noMatch } from '../cursor';
import { validateExpression } from '../expression';
import { namedClause, tableAfter } from './common';
import type { Phrase } from './phrase';

/** `to products [named positive_price]` or `named positive_price on products`, reaching the end. */
function tail(c: Cursor): { table: string; name?: string } {
  const before = namedClause(c);
  const table = tableAfter(c, 'to', 'on', 'for');
  const after = before === undefined ? namedClause(c) : undefined;
  c.end();
  const name = before ?? after;
  return name === undefined ? { table } : { table, name };
}

/**
 * Find where the expression ends: the shortest tail that reads as one. Reading from the end keeps
 * any word inside the expression (even `on` or `to`) part of it.
 */
function splitTail(c: Cursor, from: number): { to: number; table: string; name?: string } {
  for (let at = c.tokens.length - 2; at > from; at -= 1) {
    c.index = at;
    const found = attempt(c, tail);
    if (found) return { to: at, ...found };
  }
  return noMatch();
}

/** `positive_price (price >= 0)`: a name, then the whole expression in parentheses. */
function hasLeadingName(c: Cursor, from: number, to: number, constraintWord: boolean): boolean {
  const isPunct = (i: number, p: string) => c.tokens[i]?.kind === 'punct' && c.tokens[i]?.value === p;
  const open = c.tokens[from + 1];
  if (to - from < 4 || !open || !isPunct(from + 1, '(') || !isPunct(to - 1, ')')) return false;
  if (!constraintWord && !open.spaced) return false;
  let depth = 0;
  for (let i = from + 1; i < to - 1; i += 1) {
    if (isPunct(i, '(')) depth += 1;
    if (isPunct(i, ')')) depth -= 1;
    if (depth === 0) return false;
  }
  return c.isName(from - c.index);
}

export const addCheck: Phrase = {
  id: 'add-check',
  examples: [
    'add check price >= 0 to products',
    'add check constraint positive_price (price >= 0) on products',
    'add check (price >= 0) to products named positive_price',
  ],
  parse(c: Cursor): AddCheck[] {
    c.expectAny('add', 'create');
    const given = c.accept('constraint') ? c.name() : undefined;
    c.expect('check');
    const constraintWord = c.accept('constraint') || given !== undefined;
    const from = c.index;
    const split = splitTail(c, from);
    let leading: string | undefined;
    let [exprFrom, exprTo] = [from, split.to];
    if (given === undefined && hasLeadingName(c, from, split.to, constraintWord)) {
      c.index = from;
      leading = c.name();
      [exprFrom, exprTo] = [from + 2, split.to - 1];
    }
    const expression = validateExpression(c.slice(exprFrom, exprTo), 'check');
    const name = split.name ?? leading ?? given ?? checkName(split.table, expression.names[0] ?? 'check');
    return [{ kind: 'addCheck', table: split.table, name, expression: expression.sql }];
  },
};

export const dropCheck: Phrase = {
  id: 'drop-check',
  examples: ['drop check positive_price from products', 'remove check constraint positive_price from products'],
  parse(c: Cursor): DropCheck[] {
    c.expectAny('drop', 'remove', 'delete');
    c.expect('check');
    c.accept('constraint');
    const name = c.name();
    const table = tableAfter(c, 'from', 'on', 'in');
    c.end();
    return [{ kind: 'dropCheck', table, name }];
  },
};
