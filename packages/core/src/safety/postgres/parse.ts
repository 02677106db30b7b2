/**
 * Splitting SQL text into statements with the real PostgreSQL parser (libpg-query), keeping each
 * statement's exact source text, and following explicit transaction blocks so every statement
 * knows whether it runs inside one. A statement the parser rejects is kept, with its error.
 */
import * as pgQuery from 'libpg-query';
import { MigError } from '../../errors';
import { as, typeOf } from './ast';

let loading: Promise<void> | undefined;
let loaded = false;

/** Load the parser's WebAssembly module once; every analysis needs it loaded first. */
export function loadPostgresParser(): Promise<void> {
  loading ??= pgQuery.loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

function requireParser(): void {
  if (!loaded) {
    throw new MigError('the PostgreSQL parser is not loaded; await loadPostgresParser() before analysing SQL', {
      code: 'PARSER_NOT_LOADED',
    });
  }
}

export interface RawStatement {
  stmt?: unknown;
  stmt_location?: number;
  stmt_len?: number;
}

/** libpg-query's parse of a whole text: one entry per statement, locations in UTF-8 bytes. */
export function parseText(sql: string): RawStatement[] {
  requireParser();
  return (pgQuery.parseSync(sql) as { stmts?: RawStatement[] }).stmts ?? [];
}

/** The scanner's tokens (UTF-8 byte offsets); throws on text it cannot tokenize. */
export function scanText(sql: string): { start: number; end: number; text: string; tokenName: string }[] {
  requireParser();
  return pgQuery.scanSync(sql).tokens;
}

export interface ParsedStatement {
  /** the statement's source text, without surrounding whitespace, comments before it, or its `;` */
  sql: string;
  /** the parser's `stmt` node; absent when the statement could not be parsed */
  node?: unknown;
  /** the node's type (`AlterTableStmt`), or `unparsed` */
  type: string;
  parseError?: string;
  /** 1-based line of the statement's first character in the text */
  line: number;
}

/** Converts between UTF-8 byte offsets (the parser's) and string indexes (JavaScript's). */
class Offsets {
  private readonly bytes?: Buffer;

  constructor(text: string) {
    // Fast path: in ASCII text bytes and characters coincide.
    if (/[^\x00-\x7f]/.test(text)) this.bytes = Buffer.from(text, 'utf8');
  }

  private lastByte = 0;
  private lastIndex = 0;

  /** The string index of a byte offset (a character boundary); cheap for increasing offsets. */
  index(byte: number): number {
    if (!this.bytes) return byte;
    if (byte < this.lastByte) {
      this.lastByte = 0;
      this.lastIndex = 0;
    }
    this.lastIndex += this.bytes.subarray(this.lastByte, byte).toString('utf8').length;
    this.lastByte = byte;
    return this.lastIndex;
  }
}

/** Line numbers of string indexes, by binary search over the text's line starts. */
class Lines {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  private last = 0;

  /** 1-based line of a string index; quick for increasing indexes. */
  at(index: number): number {
    const next = this.starts[this.last + 1];
    if ((this.starts[this.last] as number) <= index && (next === undefined || index < next)) return this.last + 1;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The index after the whitespace and comments that start at `i`. */
function skipNoise(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 || nl >= end ? end : nl + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 || close + 2 > end ? end : close + 2;
    } else break;
  }
  return i;
}

/** A chunk of the text: its trimmed source and where that source starts (string index). */
interface Chunk {
  text: string;
  start: number;
}

/** `text[from, end)` without whitespace and comments before it or whitespace after it. */
function trimmed(text: string, from: number, end: number): Chunk | undefined {
  const start = skipNoise(text, from, end);
  let stop = end;
  while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--;
  return stop > start ? { text: text.slice(start, stop), start } : undefined;
}

/** Split the text at the `;` tokens the scanner reports (so quotes and comments are respected). */
function chunksByScanner(sql: string): Chunk[] | undefined {
  let tokens: ReturnType<typeof scanText>;
  try {
    tokens = scanText(sql);
  } catch {
    return undefined;
  }
  const offsets = new Offsets(sql);
  const chunks: Chunk[] = [];
  let from = 0;
  const push = (endIndex: number) => {
    const c = trimmed(sql, from, endIndex);
    if (c) chunks.push(c);
  };
  for (const t of tokens) {
    if (t.text !== ';') continue;
    const at = offsets.index(t.start);
    push(at);
    from = at + 1;
  }
  push(sql.length);
  return chunks;
}

/**
 * The last resort when even the scanner fails (an unterminated quote): split at `;` outside
 * quotes, dollar quotes and comments; whatever is left open runs to the end of the text.
 */
function chunksByHand(sql: string): Chunk[] {
  const chunks: Chunk[] = [];
  let from = 0;
  let i = 0;
  const skipTo = (close: string, at: number) => {
    const end = sql.indexOf(close, at);
    return end === -1 ? sql.length : end + close.length;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const rest = sql.slice(i, i + 2);
    if (rest === '--') i = skipTo('\n', i);
    else if (rest === '/*') i = skipTo('*/', i + 2);
    else if (ch === "'") i = skipQuoted(sql, i, "'", /[eE]/.test(sql[i - 1] ?? ''));
    else if (ch === '"') i = skipQuoted(sql, i, '"', false);
    else if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
      i = tag ? skipTo(tag, i + tag.length) : i + 1;
    } else if (ch === ';') {
      const c = trimmed(sql, from, i);
      if (c) chunks.push(c);
      from = ++i;
    } else i++;
  }
  const c = trimmed(sql, from, sql.length);
  if (c) chunks.push(c);
  return chunks;
}

function skipQuoted(sql: string, open: number, quote: string, backslashes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    if (backslashes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

function errorMessage(e: unknown): { message: string; cursor?: number } {
  const details = (e as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (e instanceof Error ? e.message : String(e));
  return details?.cursorPosition === undefined ? { message } : { message, cursor: details.cursorPosition };
}

/** Parse one chunk on its own; a rejection becomes a statement with `parseError`. */
function parseChunk(sql: string, lines: Lines, chunk: Chunk): ParsedStatement[] {
  try {
    const stmts = parseText(chunk.text);
    if (stmts.length === 0) return [];
    const first = lines.at(chunk.start);
    return fromParse(chunk.text, stmts).map((s) => ({ ...s, line: s.line + first - 1 }));
  } catch (e) {
    const { message, cursor } = errorMessage(e);
    const at = cursor === undefined ? chunk.start : chunk.start + new Offsets(chunk.text).index(cursor);
    const col = at - sql.lastIndexOf('\n', at - 1);
    return [
      {
        sql: chunk.text,
        type: 'unparsed',
        parseError: `${message} at line ${lines.at(at)}, column ${col}`,
        line: lines.at(chunk.start),
      },
    ];
  }
}

function fromParse(sql: string, stmts: RawStatement[]): ParsedStatement[] {
  const offsets = new Offsets(sql);
  const lines = new Lines(sql);
  const out: ParsedStatement[] = [];
  for (const s of stmts) {
    const startByte = s.stmt_location ?? 0;
    const start = offsets.index(startByte);
    // stmt_len 0 means "to the end of the text".
    const end = s.stmt_len ? offsets.index(startByte + s.stmt_len) : sql.length;
    const chunk = trimmed(sql, start, end);
    out.push({
      sql: chunk?.text ?? '',
      node: s.stmt,
      type: typeOf(s.stmt) ?? 'unknown',
      line: lines.at(chunk?.start ?? start),
    });
  }
  return out;
}

/**
 * Every statement of `sql`, in order. The whole text is parsed at once; when the parser rejects
 * it, the text is split at its `;` tokens and each piece parsed alone, so one bad statement costs
 * only itself.
 */
export function splitStatements(sql: string): ParsedStatement[] {
  try {
    return fromParse(sql, parseText(sql));
  } catch (e) {
    if (e instanceof MigError) throw e;
  }
  const chunks = chunksByScanner(sql) ?? chunksByHand(sql);
  const lines = new Lines(sql);
  return chunks.flatMap((c) => parseChunk(sql, lines, c));
}

/** Where a statement stands with respect to transaction blocks. */
export interface TransactionPlace {
  inTransaction: boolean;
  transaction?: number;
}

/**
 * Follows BEGIN / START TRANSACTION … COMMIT / ROLLBACK through a list of statements. `open`
 * starts inside a transaction the runner opened (numbered 0). Savepoints stay in their block;
 * `COMMIT AND CHAIN` ends one block and starts the next.
 */
export function trackTransactions(nodes: readonly unknown[], open = false): TransactionPlace[] {
  let current: number | undefined = open ? 0 : undefined;
  let next = open ? 1 : 0;
  const outside: TransactionPlace = { inTransaction: false };
  let inside: TransactionPlace = outside;
  return nodes.map((node) => {
    const tx = transactionKind(node);
    if ((tx?.kind === 'TRANS_STMT_BEGIN' || tx?.kind === 'TRANS_STMT_START') && current === undefined) current = next++;
    // One place object per transaction, shared by its statements.
    if (current !== undefined && inside.transaction !== current) inside = { inTransaction: true, transaction: current };
    const place = current === undefined ? outside : inside;
    if (tx && ENDS_BLOCK.has(tx.kind) && current !== undefined) current = tx.chain ? next++ : undefined;
    return place;
  });
}

const ENDS_BLOCK = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);

export function transactionKind(node: unknown): { kind: string; chain: boolean } | undefined {
  const fields = as(node, 'TransactionStmt');
  return fields ? { kind: String(fields['kind']), chain: fields['chain'] === true } : undefined;
}
