import type { Operation } from '../../model/operations';
import type { Cursor } from '../cursor';

/**
 * One family of phrasings (adding columns, renaming, indexes, ...). `parse` reads the whole text
 * or throws NoMatch (via `noMatch()`) so the next family is tried; it throws a MigError only once the
 * text is clearly this phrase and something in it is wrong. `examples` feed --help and suggestions.
 */
export interface Phrase {
  id: string;
  examples: readonly string[];
  parse(c: Cursor): Operation[];
}
