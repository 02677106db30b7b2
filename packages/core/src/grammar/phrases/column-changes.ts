import { indexName } from '../../model/naming';
import type { Operation } from '../../model/operations';
import type { DefaultValue } from '../../model/schema';
import type { Cursor } from '../cursor';
import type { Literal } from '../literals';
import type { FullColumnRef } from './common';

/** The operations that change one existing column, built once its table is known. */
export type ColumnChange = (ref: FullColumnRef) => Operation[];

export function notNull(): ColumnChange {
  return ({ table, column }) => [{ kind: 'setNotNull', table, column }];
}

export function nullable(): ColumnChange {
  return ({ table, column }) => [{ kind: 'dropNotNull', table, column }];
}

export function typeChange(type: string): ColumnChange {
  return ({ table, column }) => [{ kind: 'alterColumnType', table, column, type }];
}

export function uniqueIndex(): ColumnChange {
  return ({ table, column }) => [
    { kind: 'createIndex', table, columns: [column], unique: true, name: indexName(table, [column], true) },
  ];
}

/** `default null` means no default. */
export function defaultChange(lit: Literal): ColumnChange {
  const value = lit.value;
  if (value === null) return ({ table, column }) => [{ kind: 'dropDefault', table, column }];
  const fixed: DefaultValue = value;
  return ({ table, column }) => [{ kind: 'setDefault', table, column, default: fixed }];
}

export function dropDefault(): ColumnChange {
  return ({ table, column }) => [{ kind: 'dropDefault', table, column }];
}

export function both(first: ColumnChange, second: ColumnChange | undefined): ColumnChange {
  return second ? (ref) => [...first(ref), ...second(ref)] : first;
}

const NOT_NULL_WORDS = [
  ['not', 'null'],
  ['not', 'nullable'],
  ['non', 'null'],
  ['non-null'],
  ['non-nullable'],
  ['required'],
  ['mandatory'],
];
const NULLABLE_WORDS = [['nullable'], ['null'], ['optional']];

/** `not null` / `required` → setNotNull, `nullable` / `null` / `optional` → dropNotNull. */
export function nullState(c: Cursor): ColumnChange | undefined {
  if (NOT_NULL_WORDS.some((w) => c.accept(...w))) return notNull();
  if (NULLABLE_WORDS.some((w) => c.accept(...w))) return nullable();
  return undefined;
}
