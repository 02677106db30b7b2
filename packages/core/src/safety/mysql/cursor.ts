import { MigError } from '../../errors';
import { type Token, tokenizeMysql } from './lexer';

/** The statement does not have a shape the reader knows; the analyzer reports it as not analysed. */
export class UnreadableStatement extends MigError {
  constructor(message: string) {
    super(message, { code: 'MYSQL_UNREADABLE' });
  }
}

/** A balanced `( … )` group: its inner tokens and source text. */
export interface Group {
  tokens: Token[];
  text: string;
}

/** A position in a statement's tokens, with the small vocabulary the DDL reader is written in. */
export class Cursor {
  readonly tokens: Token[];
  pos = 0;

  constructor(readonly sql: string) {
    this.tokens = tokenizeMysql(sql);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length || (this.peek()?.text === ';' && this.pos === this.tokens.length - 1);
  }

  /** The token `offset` ahead is a bare word, one of `words` (any word when none are given). */
  isWord(offset: number, ...words: string[]): boolean {
    const t = this.peek(offset);
    return t?.kind === 'word' && (words.length === 0 || words.includes(t.value.toUpperCase()));
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'op' && t.value === op;
  }

  /** Consume the words in order when they all come next. */
  accept(...words: string[]): boolean {
    if (!words.every((w, i) => this.isWord(i, w))) return false;
    this.pos += words.length;
    return true;
  }

  /** Consume one word when it is any of `words`, returning it upper-cased. */
  acceptAny(...words: string[]): string | undefined {
    if (!this.isWord(0, ...words)) return undefined;
    return (this.next().value as string).toUpperCase();
  }

  expect(...words: string[]): void {
    if (!this.accept(...words)) this.fail(words.join(' '));
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail(`"${op}"`);
  }

  next(): Token {
    const t = this.peek();
    if (!t) this.fail('more');
    this.pos++;
    return t;
  }

  /** A name: a bare word or a `quoted` identifier. */
  name(what: string): string {
    const t = this.peek();
    if (t?.kind !== 'word' && t?.kind !== 'ident') this.fail(what);
    this.pos++;
    return t.value;
  }

  /** A table name, possibly qualified by its database (`db.t`); the table's own name is returned. */
  tableName(): string {
    let name = this.name('a table name');
    while (this.isOp('.')) {
      this.pos++;
      name = this.name('a table name');
    }
    return name;
  }

  /** A `( … )` group, balanced, consumed whole. */
  group(): Group {
    const open = this.peek();
    if (!this.isOp('(')) this.fail('"("');
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'op' && t.value === '(') depth++;
      else if (t.kind === 'op' && t.value === ')' && --depth === 0) {
        const inner = this.tokens.slice(this.pos + 1, i);
        this.pos = i + 1;
        const text = inner.length ? this.sql.slice((inner[0] as Token).start, (inner[inner.length - 1] as Token).end) : '';
        return { tokens: inner, text };
      }
    }
    return this.fail(`")" closing the "(" at offset ${open?.start ?? 0}`);
  }

  /** `[=] value`: the value token of a table option or ALGORITHM / LOCK clause. */
  optionValue(): Token {
    this.acceptOp('=');
    return this.next();
  }

  /** Source text from the token at `from` up to the current position. */
  textFrom(from: number): string {
    const first = this.tokens[from];
    const last = this.tokens[this.pos - 1];
    return first && last ? this.sql.slice(first.start, last.end) : '';
  }

  fail(expected: string): never {
    const t = this.peek();
    throw new UnreadableStatement(t ? `expected ${expected} at "${t.text}" (offset ${t.start})` : `expected ${expected} at the end`);
  }
}

/** The names in an index or key column list: `(a, b(10) DESC)`; undefined for an expression part. */
export function indexColumns(group: Group): string[] | undefined {
  const names: string[] = [];
  let expectName = true;
  let depth = 0;
  for (const t of group.tokens) {
    if (depth === 0 && expectName && t.kind === 'op') return undefined;
    if (t.kind === 'op' && t.value === '(') depth++;
    else if (t.kind === 'op' && t.value === ')') depth--;
    else if (depth === 0 && t.kind === 'op' && t.value === ',') expectName = true;
    else if (depth === 0 && expectName) {
      if (t.kind !== 'word' && t.kind !== 'ident') return undefined;
      names.push(t.value);
      expectName = false;
    }
  }
  return names;
}
