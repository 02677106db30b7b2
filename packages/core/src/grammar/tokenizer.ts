import { MigError } from '../errors';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** a word as written, the content of a quoted name or 'string' (escapes undone), a number, or one punctuation character */
  value: string;
  start: number;
  end: number;
  /** whitespace (or the start of the text) comes right before this token */
  spaced: boolean;
}

/** Characters that stand alone. Everything else that is not space or a quote joins a word, so `a;b` stays one (bad) name. */
export const PUNCTUATION = '.,(){}:=';
const QUOTES = `"\`'`;
const NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/;

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

function endsWord(ch: string | undefined): boolean {
  return ch === undefined || isSpace(ch) || PUNCTUATION.includes(ch) || QUOTES.includes(ch);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** Read a quoted run starting at `start`; a doubled quote character stands for itself. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const q = text.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === q) {
      if (text.charAt(i + 1) !== q) return { value, end: i + 1 };
      value += q;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  throw new MigError(
    `unclosed ${q} quote in ${JSON.stringify(shorten(text.slice(start)))}; close the quote (write a quote inside as ${q}${q}) or leave plain names unquoted`,
    { code: 'BAD_DESCRIPTION' },
  );
}

function readNumber(text: string, start: number): number | undefined {
  const m = NUMBER.exec(text.slice(start));
  if (!m || !endsWord(text[start + m[0].length])) return undefined;
  return start + m[0].length;
}

function readWord(text: string, start: number): number {
  let i = start;
  while (i < text.length && !endsWord(text[i])) i += 1;
  return i;
}

/**
 * Split a change description into words, quoted names, 'strings', numbers and punctuation.
 * `"x"` and `` `x` `` quote names; `'x'` is a string that the parser may also take as a name.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = true;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (isSpace(ch)) {
      spaced = true;
      i += 1;
      continue;
    }
    let token: Token;
    if (QUOTES.includes(ch)) {
      const { value, end } = readQuoted(text, i);
      token = { kind: ch === "'" ? 'string' : 'quoted', value, start: i, end, spaced };
    } else if (PUNCTUATION.includes(ch)) {
      token = { kind: 'punct', value: ch, start: i, end: i + 1, spaced };
    } else {
      const numberEnd = readNumber(text, i);
      const end = numberEnd ?? readWord(text, i);
      token = { kind: numberEnd === undefined ? 'word' : 'number', value: text.slice(i, end), start: i, end, spaced };
    }
    tokens.push(token);
    i = token.end;
    spaced = false;
  }
  return tokens;
}
