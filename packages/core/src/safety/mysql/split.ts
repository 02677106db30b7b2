/**
 * Splits a MySQL/MariaDB script into statements the way the mysql client does: at the delimiter
 * (`;`, or whatever a `DELIMITER` line sets, as files holding triggers and procedures do),
 * never inside '…', "…" or `…` (backslash escapes in strings, doubled quotes everywhere) nor
 * inside comments (`-- `, `#`, `/* … *\/`). Executable comments (`/*! … *\/`) are statement text:
 * the server runs their content.
 */

export interface SqlPiece {
  sql: string;
  /** offset of the statement in the script */
  start: number;
}

const DELIMITER_LINE = /^[ \t]*delimiter[ \t]+(\S+)[ \t]*(?:\r?\n|$)/i;

/** Where the quoted run opening at `i` ends (exclusive); -1 when it never closes. */
export function quotedEnd(text: string, i: number): number {
  const quote = text[i] as string;
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\' && quote !== '`') j++;
    else if (ch === quote) {
      if (text[j + 1] === quote) j++;
      else return j + 1;
    }
  }
  return -1;
}

/** Where the comment opening at `i` ends (exclusive), or -1 when no comment opens there. */
export function commentEnd(text: string, i: number): number {
  const ch = text[i];
  if (ch === '#' || (ch === '-' && text[i + 1] === '-' && /^[\s]?$/.test(text[i + 2] ?? ''))) {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl + 1;
  }
  if (ch === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  return -1;
}

function isExecutableComment(text: string, i: number): boolean {
  return text.startsWith('/*!', i) || text.startsWith('/*M!', i);
}

/** The statement text has something besides whitespace and plain comments. */
function hasCode(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    if (/\s/.test(text[i] as string)) i++;
    else if (isExecutableComment(text, i)) return true;
    else {
      const end = commentEnd(text, i);
      if (end < 0) return true;
      i = end;
    }
  }
  return false;
}

export function splitMysqlStatements(text: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let delimiter = ';';
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    if (hasCode(raw)) {
      const lead = raw.length - raw.trimStart().length;
      pieces.push({ sql: raw.trim(), start: start + lead });
    }
  };
  let i = 0;
  while (i < text.length) {
    const atLineStart = i === 0 || text[i - 1] === '\n';
    const directive = atLineStart && !hasCode(text.slice(start, i)) ? DELIMITER_LINE.exec(text.slice(i)) : null;
    if (directive) {
      delimiter = directive[1] as string;
      i += directive[0].length;
      start = i;
      continue;
    }
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = quotedEnd(text, i);
      i = end < 0 ? text.length : end;
      continue;
    }
    const comment = commentEnd(text, i);
    if (comment >= 0) {
      i = comment;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      push(i);
      i += delimiter.length;
      start = i;
      continue;
    }
    i++;
  }
  push(text.length);
  return pieces;
}
