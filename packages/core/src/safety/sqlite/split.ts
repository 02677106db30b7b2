/**
 * Splits a SQLite script into statements at `;`, never inside '…', "…", `…` or […] (quotes doubled
 * to escape, no backslash escapes), nor inside comments, nor inside a trigger's BEGIN … END body
 * (whose statements end with `;` too).
 */

export interface SqlPiece {
  sql: string;
  start: number;
}

const CLOSING: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

function skipQuoted(text: string, i: number): number {
  const close = CLOSING[text[i] as string] as string;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] !== close) continue;
    if (close !== ']' && text[j + 1] === close) j++;
    else return j + 1;
  }
  return text.length;
}

function skipComment(text: string, i: number): number {
  if (text.startsWith('--', i)) {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl + 1;
  }
  if (text.startsWith('/*', i)) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

/** The statement's words so far, upper-cased, outside quotes and comments (enough to spot CREATE TRIGGER). */
interface Scan {
  words: string[];
  /** BEGIN / CASE nesting inside a trigger body */
  depth: number;
}

function isTrigger(words: string[]): boolean {
  const [first, second, third] = words;
  return first === 'CREATE' && (second === 'TRIGGER' || ((second === 'TEMP' || second === 'TEMPORARY') && third === 'TRIGGER'));
}

function onWord(scan: Scan, word: string): void {
  scan.words.push(word);
  if (!isTrigger(scan.words)) return;
  if (word === 'BEGIN' || word === 'CASE') scan.depth++;
  else if (word === 'END') scan.depth--;
}

export function splitSqliteStatements(text: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let start = 0;
  let scan: Scan = { words: [], depth: 0 };
  let sawCode = false;
  const push = (end: number) => {
    if (!sawCode) return;
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    pieces.push({ sql: raw.trim(), start: start + lead });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch in CLOSING) {
      sawCode = true;
      i = skipQuoted(text, i);
      continue;
    }
    const comment = skipComment(text, i);
    if (comment >= 0) {
      i = comment;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i, i + 64));
    if (word && !/[A-Za-z0-9_$]/.test(text[i - 1] ?? '')) {
      sawCode = true;
      onWord(scan, word[0].toUpperCase());
      i += word[0].length;
      continue;
    }
    if (ch === ';' && scan.depth <= 0) {
      push(i);
      start = i + 1;
      scan = { words: [], depth: 0 };
      sawCode = false;
    } else if (!/\s/.test(ch)) sawCode = true;
    i++;
  }
  push(text.length);
  return pieces;
}
