/**
 * A reader for the CREATE TABLE text SQLite keeps in sqlite_schema. SQLite's pragmas give columns,
 * keys and indexes but drop constraint names and CHECK constraints; those are read from the
 * table's own SQL. SQLite has already parsed this text, so the reader only needs to follow the
 * grammar (https://www.sqlite.org/lang_createtable.html), not to validate it.
 */
import { MigError } from '../../errors';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'blob' | 'variable' | 'op';

export interface Token {
  kind: TokenKind;
  /** the source text of the token */
  text: string;
  /** identifiers and strings without their quotes; words and operators as written */
  value: string;
  start: number;
  end: number;
}

const OPERATORS = ['->>', '->', '||', '<=', '>=', '<>', '!=', '==', '<<', '>>'];
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '`': '`', '[': ']', "'": "'" };

/** SQLite identifier characters: ASCII letters, digits, `_`, `$`, and every non-ASCII character. */
function isIdChar(ch: string, first: boolean): boolean {
  if (/[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80) return true;
  return !first && /[0-9$]/.test(ch);
}

function tokenError(sql: string, at: number, what: string): MigError {
  return new MigError(`cannot read SQLite table SQL at offset ${at} (${what}): ${sql.slice(0, 200)}`, {
    code: 'SQLITE_TABLE_SQL',
  });
}

/** End (exclusive) of a quoted run opening at `start`; a doubled closing quote stands for itself, except in [brackets]. */
function quotedEnd(sql: string, start: number): number {
  const open = sql[start] as string;
  const close = CLOSING_QUOTE[open] as string;
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== close) continue;
    if (open !== '[' && sql[i + 1] === close) i++;
    else return i + 1;
  }
  throw tokenError(sql, start, `unterminated ${open}`);
}

function unquote(text: string): string {
  const open = text[0] as string;
  const close = CLOSING_QUOTE[open] as string;
  const body = text.slice(1, -1);
  return open === '[' ? body : body.split(close + close).join(close);
}

function skipSpaceAndComments(sql: string, i: number): number {
  while (i < sql.length) {
    if (/\s/.test(sql[i] as string)) i++;
    else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else break;
  }
  return i;
}

function numberEnd(sql: string, i: number): number {
  const m = /^(?:0x[0-9a-f_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:e[+-]?\d+)?)/i.exec(sql.slice(i));
  return i + (m?.[0].length ?? 1);
}

function readToken(sql: string, i: number): Token {
  const ch = sql[i] as string;
  const make = (kind: TokenKind, end: number, value?: string): Token => {
    const text = sql.slice(i, end);
    return { kind, text, value: value ?? text, start: i, end };
  };
  if (/[xX]/.test(ch) && sql[i + 1] === "'") return make('blob', quotedEnd(sql, i + 1));
  if (ch in CLOSING_QUOTE) {
    const end = quotedEnd(sql, i);
    return make(ch === "'" ? 'string' : 'quoted', end, unquote(sql.slice(i, end)));
  }
  if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) return make('number', numberEnd(sql, i));
  if (isIdChar(ch, true)) {
    let end = i + 1;
    while (end < sql.length && isIdChar(sql[end] as string, false)) end++;
    return make('word', end);
  }
  if (/[?:@$]/.test(ch)) {
    let end = i + 1;
    while (end < sql.length && isIdChar(sql[end] as string, false)) end++;
    return make('variable', end);
  }
  const op = OPERATORS.find((o) => sql.startsWith(o, i));
  return make('op', i + (op?.length ?? 1));
}

/** Split SQL text into tokens, dropping whitespace and comments. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = skipSpaceAndComments(sql, 0);
  while (i < sql.length) {
    const token = readToken(sql, i);
    tokens.push(token);
    i = skipSpaceAndComments(sql, token.end);
  }
  return tokens;
}

export function isIdentifierToken(token: Token | undefined): token is Token {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted');
}

/** Whether an expression refers to `name` (SQLite names are case-insensitive). */
export function mentionsIdentifier(expression: string, name: string): boolean {
  const wanted = name.toLowerCase();
  return tokenize(expression).some((t) => isIdentifierToken(t) && t.value.toLowerCase() === wanted);
}

/** `column IN ('a', 'b', ...)`: the column and the listed strings, when the expression is exactly that. */
export function inListOfStrings(tokens: Token[]): { column: string; values: string[] } | undefined {
  const [column, keyword, open] = tokens;
  const close = tokens[tokens.length - 1];
  if (!isIdentifierToken(column) || keyword?.kind !== 'word' || keyword.value.toUpperCase() !== 'IN') return undefined;
  if (open?.text !== '(' || close?.text !== ')' || tokens.length < 5) return undefined;
  const items = tokens.slice(3, -1);
  const values: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const t = items[i] as Token;
    if (i % 2 === 0 ? t.kind !== 'string' : t.text !== ',') return undefined;
    if (i % 2 === 0) values.push(t.value);
  }
  return items.length % 2 === 1 ? { column: column.value, values } : undefined;
}

export interface PrimaryKeySql {
  kind: 'primaryKey';
  name?: string;
  columns: string[];
  autoIncrement: boolean;
}
export interface UniqueSql {
  kind: 'unique';
  name?: string;
  columns: string[];
}
export interface CheckSql {
  kind: 'check';
  name?: string;
  /** the expression between the CHECK parentheses, as written */
  expression: string;
  tokens: Token[];
}
export interface ForeignKeySql {
  kind: 'foreignKey';
  name?: string;
  columns: string[];
  refTable: string;
  /** empty when the clause names only the table (it then refers to the parent's primary key) */
  refColumns: string[];
}
/** Column constraints that carry nothing introspection reads from the SQL (the pragmas report them). */
export interface OtherConstraintSql {
  kind: 'notNull' | 'null' | 'default' | 'collate' | 'generated';
  name?: string;
}
export type ConstraintSql = PrimaryKeySql | UniqueSql | CheckSql | ForeignKeySql | OtherConstraintSql;

export interface ColumnSql {
  name: string;
  /** the declared type as written, '' when there is none */
  type: string;
  constraints: ConstraintSql[];
}

export interface TableSql {
  name: string;
  columns: ColumnSql[];
  /** table constraints, in order */
  constraints: ConstraintSql[];
  withoutRowid: boolean;
  strict: boolean;
}

const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
]);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

class Cursor {
  private i = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }

  word(ahead = 0): string | undefined {
    const t = this.peek(ahead);
    return t?.kind === 'word' ? t.value.toUpperCase() : undefined;
  }

  isOp(text: string): boolean {
    return this.peek()?.kind === 'op' && this.peek()?.text === text;
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw tokenError(this.sql, this.sql.length, 'unexpected end');
    this.i++;
    return t;
  }

  fail(what: string): MigError {
    return tokenError(this.sql, this.peek()?.start ?? this.sql.length, what);
  }

  acceptWord(...words: string[]): string | undefined {
    const w = this.word();
    if (w === undefined || !words.includes(w)) return undefined;
    this.i++;
    return w;
  }

  expectWord(...words: string[]): string {
    const w = this.acceptWord(...words);
    if (w === undefined) throw this.fail(`expected ${words.join(' or ')}`);
    return w;
  }

  acceptOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.i++;
    return true;
  }

  expectOp(text: string): void {
    if (!this.acceptOp(text)) throw this.fail(`expected ${text}`);
  }

  identifier(): string {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'quoted' && t.kind !== 'string')) throw this.fail('expected a name');
    this.i++;
    return t.value;
  }

  /** A parenthesised group: the tokens inside it and their source text. */
  group(): { tokens: Token[]; text: string } {
    this.expectOp('(');
    const first = this.i;
    for (let depth = 1; ; ) {
      const t = this.next();
      if (t.kind !== 'op') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) break;
    }
    const inner = this.tokens.slice(first, this.i - 1);
    const text = inner.length ? this.sql.slice((inner[0] as Token).start, (inner[inner.length - 1] as Token).end) : '';
    return { tokens: inner, text };
  }

  /** Where the last token taken ends. */
  consumedEnd(): number {
    return this.tokens[this.i - 1]?.end ?? 0;
  }

  atEndOfDefinition(): boolean {
    return this.peek() === undefined || this.isOp(',') || this.isOp(')');
  }
}

/** `ON CONFLICT <resolution>` after a PRIMARY KEY, NOT NULL or UNIQUE constraint. */
function skipConflictClause(c: Cursor): void {
  if (c.word() === 'ON' && c.word(1) === 'CONFLICT') {
    c.next();
    c.next();
    c.next();
  }
}

/** The column names of `(a COLLATE x DESC, b)`, and whether AUTOINCREMENT was given. */
function indexedColumns(c: Cursor): { columns: string[]; autoIncrement: boolean } {
  c.expectOp('(');
  const columns: string[] = [];
  let autoIncrement = false;
  do {
    columns.push(c.identifier());
    if (c.acceptWord('COLLATE')) c.identifier();
    c.acceptWord('ASC', 'DESC');
    if (c.acceptWord('AUTOINCREMENT')) autoIncrement = true;
  } while (c.acceptOp(','));
  c.expectOp(')');
  return { columns, autoIncrement };
}

function nameList(c: Cursor): string[] {
  c.expectOp('(');
  const names = [c.identifier()];
  while (c.acceptOp(',')) names.push(c.identifier());
  c.expectOp(')');
  return names;
}

/** The part of a foreign-key clause after REFERENCES; actions and deferral are read from the pragma. */
function foreignKeyClause(c: Cursor, name: string | undefined, columns: string[]): ForeignKeySql {
  const refTable = c.identifier();
  const refColumns = c.isOp('(') ? nameList(c) : [];
  for (;;) {
    if (c.word() === 'ON' && (c.word(1) === 'DELETE' || c.word(1) === 'UPDATE')) {
      c.next();
      c.next();
      if (c.acceptWord('SET')) c.expectWord('NULL', 'DEFAULT');
      else if (c.acceptWord('NO')) c.expectWord('ACTION');
      else c.expectWord('CASCADE', 'RESTRICT');
    } else if (c.acceptWord('MATCH')) {
      c.identifier();
    } else if (c.word() === 'DEFERRABLE' || (c.word() === 'NOT' && c.word(1) === 'DEFERRABLE')) {
      c.acceptWord('NOT');
      c.next();
      if (c.acceptWord('INITIALLY')) c.expectWord('DEFERRED', 'IMMEDIATE');
    } else break;
  }
  return { kind: 'foreignKey', ...(name === undefined ? {} : { name }), columns, refTable, refColumns };
}

function withName<T extends ConstraintSql>(constraint: T, name: string | undefined): T {
  return name === undefined ? constraint : { ...constraint, name };
}

function checkConstraint(c: Cursor, name: string | undefined): CheckSql {
  const { tokens, text } = c.group();
  return withName({ kind: 'check', expression: text, tokens }, name);
}

function columnConstraint(c: Cursor, column: string, name: string | undefined): ConstraintSql {
  const keyword = c.expectWord(...COLUMN_CONSTRAINT_START);
  switch (keyword) {
    case 'PRIMARY': {
      c.expectWord('KEY');
      c.acceptWord('ASC', 'DESC');
      skipConflictClause(c);
      const autoIncrement = c.acceptWord('AUTOINCREMENT') !== undefined;
      return withName({ kind: 'primaryKey', columns: [column], autoIncrement }, name);
    }
    case 'NOT':
      c.expectWord('NULL');
      skipConflictClause(c);
      return withName({ kind: 'notNull' }, name);
    case 'NULL':
      skipConflictClause(c);
      return withName({ kind: 'null' }, name);
    case 'UNIQUE':
      skipConflictClause(c);
      return withName({ kind: 'unique', columns: [column] }, name);
    case 'CHECK':
      return checkConstraint(c, name);
    case 'DEFAULT':
      if (c.isOp('(')) c.group();
      else {
        if (!c.acceptOp('-')) c.acceptOp('+');
        c.next();
      }
      return withName({ kind: 'default' }, name);
    case 'COLLATE':
      c.identifier();
      return withName({ kind: 'collate' }, name);
    case 'REFERENCES':
      return foreignKeyClause(c, name, [column]);
    default:
      if (keyword === 'GENERATED') {
        c.expectWord('ALWAYS');
        c.expectWord('AS');
      }
      c.group();
      c.acceptWord('STORED', 'VIRTUAL');
      return withName({ kind: 'generated' }, name);
  }
}

function columnDefinition(c: Cursor, sql: string): ColumnSql {
  const name = c.identifier();
  const typeStart = c.peek()?.start ?? sql.length;
  let typeEnd = typeStart;
  while (!c.atEndOfDefinition() && !COLUMN_CONSTRAINT_START.has(c.word() ?? '')) {
    if (c.isOp('(')) c.group();
    else c.next();
    typeEnd = c.consumedEnd();
  }
  const constraints: ConstraintSql[] = [];
  while (!c.atEndOfDefinition()) {
    const constraintName = c.acceptWord('CONSTRAINT') ? c.identifier() : undefined;
    if (constraintName !== undefined && c.atEndOfDefinition()) break;
    constraints.push(columnConstraint(c, name, constraintName));
  }
  return { name, type: sql.slice(typeStart, typeEnd), constraints };
}

function tableConstraint(c: Cursor): ConstraintSql {
  const name = c.acceptWord('CONSTRAINT') ? c.identifier() : undefined;
  switch (c.expectWord('PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN')) {
    case 'PRIMARY': {
      c.expectWord('KEY');
      const { columns, autoIncrement } = indexedColumns(c);
      skipConflictClause(c);
      return withName({ kind: 'primaryKey', columns, autoIncrement }, name);
    }
    case 'UNIQUE': {
      const { columns } = indexedColumns(c);
      skipConflictClause(c);
      return withName({ kind: 'unique', columns }, name);
    }
    case 'CHECK':
      return checkConstraint(c, name);
    default: {
      c.expectWord('KEY');
      const columns = nameList(c);
      c.expectWord('REFERENCES');
      return foreignKeyClause(c, name, columns);
    }
  }
}

function tableOptions(c: Cursor): { withoutRowid: boolean; strict: boolean } {
  const options = { withoutRowid: false, strict: false };
  while (c.peek()) {
    if (c.acceptWord('WITHOUT')) {
      c.expectWord('ROWID');
      options.withoutRowid = true;
    } else if (c.acceptWord('STRICT')) options.strict = true;
    else if (!c.acceptOp(',') && !c.acceptOp(';')) throw c.fail('expected a table option');
  }
  return options;
}

/** Read a `CREATE TABLE name (columns, constraints) options` statement as stored in sqlite_schema. */
export function parseCreateTable(sql: string): TableSql {
  const c = new Cursor(sql, tokenize(sql));
  c.expectWord('CREATE');
  c.acceptWord('TEMP', 'TEMPORARY');
  c.expectWord('TABLE');
  if (c.acceptWord('IF')) {
    c.expectWord('NOT');
    c.expectWord('EXISTS');
  }
  let name = c.identifier();
  if (c.acceptOp('.')) name = c.identifier();
  c.expectOp('(');
  const columns: ColumnSql[] = [];
  const constraints: ConstraintSql[] = [];
  while (!c.acceptOp(')')) {
    if (TABLE_CONSTRAINT_START.has(c.word() ?? '') || constraints.length) constraints.push(tableConstraint(c));
    else columns.push(columnDefinition(c, sql));
    // SQLite accepts table constraints with or without a comma between them.
    c.acceptOp(',');
  }
  return { name, columns, constraints, ...tableOptions(c) };
}

/** Every constraint of the table, column constraints first, each in the order written. */
export function allConstraints(table: TableSql): ConstraintSql[] {
  return [...table.columns.flatMap((col) => col.constraints), ...table.constraints];
}
