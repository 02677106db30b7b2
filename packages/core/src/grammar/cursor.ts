import { validateIdentifier } from './identifiers';
import type { Token } from './tokenizer';

/** Thrown when the text is not the phrase being tried; the next phrase gets a go. Never leaves the grammar. */
export class NoMatch {
  readonly reason = 'the text is not this phrase';
}

const NO_MATCH = new NoMatch();

export function noMatch(): never {
  throw NO_MATCH;
}

const NAME_KINDS = new Set(['word', 'quoted', 'string', 'number']);

/**
 * A position in the token list with the small reads every phrase needs. Words are compared
 * case-insensitively and only when unquoted, so a quoted "index" is always a name.
 * Names read are validated once a whole phrase has matched (`validateNames`), so trying
 * a phrase that does not fit never reports a misleading bad name.
 */
export class Cursor {
  index = 0;
  private readonly names: string[] = [];

  constructor(
    readonly tokens: readonly Token[],
    readonly source: string,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  end(): void {
    if (!this.atEnd()) noMatch();
  }

  /** The token at `offset` is an unquoted word equal (ignoring case) to one of `words`, given in lower case. */
  isWord(offset: number, ...words: string[]): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'word' && words.includes(t.value.toLowerCase());
  }

  isPunct(offset: number, p: string): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'punct' && t.value === p;
  }

  /** The next tokens are exactly these words. */
  isWords(...words: string[]): boolean {
    return words.every((w, i) => this.isWord(i, w));
  }

  accept(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.index += words.length;
    return true;
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) noMatch();
  }

  /** Accept one of `words`, returning it in lower case. */
  acceptAny(...words: string[]): string | undefined {
    const t = this.peek();
    if (!this.isWord(0, ...words) || !t) return undefined;
    this.index += 1;
    return t.value.toLowerCase();
  }

  expectAny(...words: string[]): string {
    return this.acceptAny(...words) ?? noMatch();
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(0, p)) return false;
    this.index += 1;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) noMatch();
  }

  /** The next token can be read as a name (checked later). */
  isName(offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && NAME_KINDS.has(t.kind);
  }

  /** Read a name: a word, "quoted", `quoted` or 'quoted'. */
  name(): string {
    const t = this.peek();
    if (!t || !NAME_KINDS.has(t.kind)) noMatch();
    this.index += 1;
    return this.derivedName(t.value);
  }

  /** A name the phrase built (Rails' `user_id` from `user`), checked like the ones written. */
  derivedName(name: string): string {
    this.names.push(name);
    return name;
  }

  /** Names separated by `,` / `and`, optionally in parentheses. */
  nameList(): string[] {
    const paren = this.acceptPunct('(');
    const names = [this.name()];
    while (this.separator()) names.push(this.name());
    if (paren) this.expectPunct(')');
    return names;
  }

  /** `,`, `and` or `, and` between list items. */
  separator(): boolean {
    const comma = this.acceptPunct(',');
    return this.accept('and') || comma;
  }

  /** The source text of tokens [from, to). */
  slice(from: number, to: number): string {
    const first = this.tokens[from];
    const last = this.tokens[to - 1];
    return first && last ? this.source.slice(first.start, last.end) : '';
  }

  /** A point to come back to: the position and the names read so far. */
  mark(): { index: number; names: number } {
    return { index: this.index, names: this.names.length };
  }

  reset(mark: { index: number; names: number }): void {
    this.index = mark.index;
    this.names.length = mark.names;
  }

  validateNames(limit: number): void {
    for (const n of this.names) validateIdentifier(n, limit);
  }
}

/** Read with `way`, or return undefined and leave the cursor where it was if the text does not fit. */
export function attempt<T>(c: Cursor, way: (c: Cursor) => T): T | undefined {
  const start = c.mark();
  try {
    return way(c);
  } catch (e) {
    if (!(e instanceof NoMatch)) throw e;
    c.reset(start);
    return undefined;
  }
}

/** Try each way of reading a phrase from the same start; the first that fits wins. */
export function firstOf<T>(c: Cursor, ...ways: Array<(c: Cursor) => T>): T {
  for (const way of ways) {
    const found = attempt(c, way);
    if (found !== undefined) return found;
  }
  return noMatch();
}
