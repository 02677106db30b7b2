/**
 * What a SQLite statement is and which table it writes, read from its tokens (the dialect's
 * tokenizer). SQLite itself has already judged the syntax (syntax.ts); this only needs the
 * statement's verb and the names after it (https://www.sqlite.org/lang.html).
 */
import { type Token, isIdentifierToken, tokenize } from '../../dialects/sqlite/table-sql';

export interface SqliteStatement {
  /** `CREATE TABLE`, `ALTER TABLE ADD COLUMN`, `INSERT`, `PRAGMA`, `BEGIN`, … */
  kind: string;
  /** the table the statement writes (or creates, drops, alters, indexes) */
  table?: string;
  /** the index a CREATE / DROP INDEX names */
  index?: string;
  /** INSERT … SELECT … FROM source: the first table read */
  source?: string;
  /** ALTER TABLE … RENAME TO */
  renameTo?: string;
  /** UPDATE / DELETE with a WHERE */
  where: boolean;
  /** takes the database write lock */
  writes: boolean;
  /** tests every row against a new constraint: ADD COLUMN with a CHECK, ADD CONSTRAINT, SET NOT NULL */
  validates?: boolean;
  /** PRAGMA name, lower-case */
  pragma?: string;
  /** the statement's tokens */
  tokens: Token[];
}

const WRITE_VERBS = new Set(['CREATE', 'DROP', 'ALTER', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'VACUUM', 'REINDEX', 'ANALYZE']);
const MAIN_VERBS = new Set(['SELECT', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'VALUES']);

function word(t: Token | undefined): string {
  return t?.kind === 'word' ? t.value.toUpperCase() : '';
}

/** Tokens with their parenthesis depth. */
function depths(tokens: Token[]): number[] {
  let depth = 0;
  return tokens.map((t) => {
    if (t.kind === 'op' && t.value === ')') depth--;
    const d = depth;
    if (t.kind === 'op' && t.value === '(') depth++;
    return d;
  });
}

class Reader {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  is(...words: string[]): boolean {
    return words.every((w, i) => word(this.tokens[this.pos + i]) === w);
  }

  accept(...words: string[]): boolean {
    if (!this.is(...words)) return false;
    this.pos += words.length;
    return true;
  }

  acceptAny(...words: string[]): string | undefined {
    const w = word(this.tokens[this.pos]);
    if (!words.includes(w)) return undefined;
    this.pos++;
    return w;
  }

  /** A name, possibly qualified by its schema (`main.t`): the last part. */
  name(): string | undefined {
    let t = this.tokens[this.pos];
    if (!isIdentifierToken(t)) return undefined;
    this.pos++;
    while (this.tokens[this.pos]?.value === '.' && isIdentifierToken(this.tokens[this.pos + 1])) {
      t = this.tokens[this.pos + 1];
      this.pos += 2;
    }
    return t?.value;
  }
}

/** The first table after a top-level FROM at or after `from`. */
function firstFrom(tokens: Token[], from: number): string | undefined {
  const d = depths(tokens);
  for (let i = from; i < tokens.length; i++) {
    if (word(tokens[i]) === 'FROM' && d[i] === 0) {
      const r = new Reader(tokens);
      r.pos = i + 1;
      return r.name();
    }
  }
  return undefined;
}

function hasTopLevel(tokens: Token[], from: number, w: string): boolean {
  const d = depths(tokens);
  return tokens.some((t, i) => i >= from && d[i] === 0 && word(t) === w);
}

/** After WITH …: the position of the statement's main verb. */
function skipWith(tokens: Token[]): number {
  const d = depths(tokens);
  return tokens.findIndex((t, i) => i > 0 && d[i] === 0 && MAIN_VERBS.has(word(t)) && tokens[i - 1]?.value === ')');
}

function readCreate(r: Reader, out: SqliteStatement): void {
  r.acceptAny('TEMP', 'TEMPORARY');
  const unique = r.accept('UNIQUE');
  const what = r.acceptAny('TABLE', 'INDEX', 'VIEW', 'TRIGGER') ?? (r.accept('VIRTUAL', 'TABLE') ? 'VIRTUAL TABLE' : '');
  out.kind = `CREATE ${unique ? 'UNIQUE ' : ''}${what}`.trim();
  r.accept('IF', 'NOT', 'EXISTS');
  const name = r.name();
  if (what === 'TABLE' || what === 'VIRTUAL TABLE') out.table = name;
  if (what === 'VIEW' || what === 'TRIGGER') out.table = name;
  if (what === 'INDEX') {
    out.index = name;
    if (r.accept('ON')) out.table = r.name();
  }
}

/**
 * ALTER TABLE: RENAME, RENAME COLUMN, ADD COLUMN, DROP COLUMN, and from SQLite 3.53.0 ADD / DROP
 * CONSTRAINT (CHECK) and ALTER COLUMN … SET / DROP NOT NULL.
 */
function readAlter(r: Reader, out: SqliteStatement): void {
  r.accept('TABLE');
  out.table = r.name();
  if (r.accept('RENAME', 'TO')) {
    out.kind = 'ALTER TABLE RENAME';
    out.renameTo = r.name();
  } else if (r.accept('RENAME')) out.kind = 'ALTER TABLE RENAME COLUMN';
  else if (r.accept('ADD', 'CONSTRAINT') || r.is('ADD', 'CHECK')) {
    out.kind = 'ALTER TABLE ADD CONSTRAINT';
    out.validates = true;
  } else if (r.accept('ADD')) {
    out.kind = 'ALTER TABLE ADD COLUMN';
    out.validates = r.tokens.slice(r.pos).some((t) => word(t) === 'CHECK');
  } else if (r.accept('DROP', 'CONSTRAINT')) out.kind = 'ALTER TABLE DROP CONSTRAINT';
  else if (r.accept('DROP')) out.kind = 'ALTER TABLE DROP COLUMN';
  else if (r.accept('ALTER')) {
    r.accept('COLUMN');
    r.name();
    out.kind = 'ALTER TABLE ALTER COLUMN';
    out.validates = r.is('SET', 'NOT', 'NULL');
  }
}

/** Read a statement SQLite has accepted. Throws (from the tokenizer) only on text it cannot tokenize. */
export function readSqliteStatement(sql: string): SqliteStatement {
  const tokens = tokenize(sql);
  const withAt = word(tokens[0]) === 'WITH' ? skipWith(tokens) : 0;
  const r = new Reader(tokens);
  r.pos = Math.max(withAt, 0);
  if (r.accept('EXPLAIN')) return { kind: 'EXPLAIN', where: false, writes: false, tokens };
  const verb = word(tokens[r.pos]);
  r.pos++;
  const out: SqliteStatement = { kind: verb, where: false, writes: WRITE_VERBS.has(verb), tokens };
  switch (verb) {
    case 'CREATE':
      readCreate(r, out);
      break;
    case 'DROP': {
      const what = r.acceptAny('TABLE', 'INDEX', 'VIEW', 'TRIGGER') ?? '';
      out.kind = `DROP ${what}`;
      r.accept('IF', 'EXISTS');
      const name = r.name();
      if (what === 'INDEX') out.index = name;
      else out.table = name;
      break;
    }
    case 'ALTER':
      readAlter(r, out);
      break;
    case 'INSERT':
    case 'REPLACE':
      if (r.accept('OR')) r.pos++;
      r.accept('INTO');
      out.table = r.name();
      out.source = firstFrom(tokens, r.pos);
      break;
    case 'UPDATE':
      if (r.accept('OR')) r.pos++;
      out.table = r.name();
      out.where = hasTopLevel(tokens, r.pos, 'WHERE');
      break;
    case 'DELETE':
      r.accept('FROM');
      out.table = r.name();
      out.where = hasTopLevel(tokens, r.pos, 'WHERE');
      break;
    case 'PRAGMA':
      out.pragma = r.name()?.toLowerCase();
      break;
    case 'END':
      out.kind = 'COMMIT';
      break;
    case 'ROLLBACK':
      r.accept('TRANSACTION');
      if (r.accept('TO')) out.kind = 'ROLLBACK TO';
      break;
    default:
      break;
  }
  return out;
}
