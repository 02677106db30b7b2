/**
 * Tokens of one MySQL/MariaDB statement, for the statement reader (read-ddl.ts). Comments are
 * dropped; an executable comment's content (`/*!50100 … *\/`) is kept, since the server runs it.
 */
import { MigError } from '../../errors';
import { commentEnd, quotedEnd } from './split';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'variable' | 'op';

export interface Token {
  kind: TokenKind;
  /** source text */
  text: string;
  /** identifiers and strings without quotes or escapes; words and operators as written */
  value: string;
  start: number;
  end: number;
}

const OPERATORS = ['<=>', '->>', '->', '<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>'];
const STRING_ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

function isWordChar(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function unquoteIdent(text: string): string {
  return text.slice(1, -1).replace(/``/g, '`');
}

function unquoteString(text: string): string {
  const quote = text[0] as string;
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[++i] as string;
      out += STRING_ESCAPES[next] ?? next;
    } else if (ch === quote && body[i + 1] === quote) {
      out += quote;
      i++;
    } else out += ch;
  }
  return out;
}

function lexError(at: number, what: string): MigError {
  return new MigError(`cannot read the statement at offset ${at} (${what})`, { code: 'MYSQL_LEX' });
}

/** Skip whitespace, comments, and the opening and closing marks of executable comments. */
function skipNoise(sql: string, i: number): number {
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (/\s/.test(ch)) i++;
    else if (sql.startsWith('/*!', i) || sql.startsWith('/*M!', i)) {
      i += sql[i + 2] === 'M' ? 4 : 3;
      while (/[0-9]/.test(sql[i] ?? '')) i++;
    } else if (sql.startsWith('*/', i)) i += 2;
    else {
      const end = commentEnd(sql, i);
      if (end < 0) break;
      i = end;
    }
  }
  return i;
}

function readToken(sql: string, i: number): Token {
  const make = (kind: TokenKind, end: number, value?: string): Token => {
    const text = sql.slice(i, end);
    return { kind, text, value: value ?? text, start: i, end };
  };
  const ch = sql[i] as string;
  if (ch === '`' || ch === "'" || ch === '"') {
    const end = quotedEnd(sql, i);
    if (end < 0) throw lexError(i, `unterminated ${ch}`);
    const text = sql.slice(i, end);
    return ch === '`' ? make('ident', end, unquoteIdent(text)) : make('string', end, unquoteString(text));
  }
  if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
    const m = /^(?:0x[0-9a-f]+|0b[01]+|\d*\.?\d+(?:e[+-]?\d+)?|\d+\.)/i.exec(sql.slice(i));
    const end = i + (m?.[0].length ?? 1);
    // MySQL names may start with digits (`1st_place`): a digit run followed by letters is a word.
    if (isWordChar(sql[end] ?? ' ') && !/[.]/.test(sql[end - 1] ?? '')) {
      let w = end;
      while (w < sql.length && isWordChar(sql[w] as string)) w++;
      return make('word', w);
    }
    return make('number', end);
  }
  if (isWordChar(ch)) {
    let end = i + 1;
    while (end < sql.length && isWordChar(sql[end] as string)) end++;
    return make('word', end);
  }
  if (ch === '@') {
    let end = i + 1;
    while (end < sql.length && (isWordChar(sql[end] as string) || sql[end] === '@' || sql[end] === '.')) end++;
    return make('variable', end);
  }
  const op = OPERATORS.find((o) => sql.startsWith(o, i));
  return make('op', i + (op?.length ?? 1));
}

/** The tokens of one statement. Throws a MigError on an unterminated quote. */
export function tokenizeMysql(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = skipNoise(sql, 0);
  while (i < sql.length) {
    const token = readToken(sql, i);
    tokens.push(token);
    i = skipNoise(sql, token.end);
  }
  return tokens;
}
