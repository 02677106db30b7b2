/**
 * A reader for the MySQL/MariaDB DDL whose online behaviour the analyzer judges: ALTER TABLE
 * (every clause of the MySQL 8.0 and MariaDB 10.11 grammars that changes columns, indexes,
 * constraints or table options), CREATE INDEX, DROP INDEX, OPTIMIZE TABLE, and CREATE TABLE's
 * columns. node-sql-parser 5.4 cannot read several of these forms, among them ones mig itself
 * renders (`ALTER COLUMN … SET DEFAULT`, and with its MariaDB grammar `ADD CONSTRAINT … FOREIGN
 * KEY`, `ADD UNIQUE INDEX`, `ADD PRIMARY KEY`, `DROP CONSTRAINT`), so these statements are read
 * here. Anything outside the grammar below throws UnreadableStatement, and the analyzer reports
 * the statement as not analysed rather than guess.
 */
import { Cursor, type Group, UnreadableStatement, indexColumns } from './cursor';
import { type MysqlType, charsetOfCollation, readType } from './column-type';
import type { Token } from './lexer';

export type DefaultKind = 'null' | 'literal' | 'now' | 'expression';

export interface DefaultSpec {
  kind: DefaultKind;
  text: string;
  /** differs from row to row (UUID(), SYSDATE(), another column): existing rows need a value each */
  perRow: boolean;
}

export interface ColumnDef {
  name: string;
  type: MysqlType;
  /** NULL / NOT NULL as written; undefined when the definition says neither */
  nullable?: boolean;
  default?: DefaultSpec;
  autoIncrement: boolean;
  generated?: 'virtual' | 'stored';
  primaryKey: boolean;
  unique: boolean;
  references?: { table: string; columns: string[] };
  /** carries a column CHECK constraint */
  check: boolean;
  text: string;
}

export type Position = { first: true } | { after: string };

export type AlterClause = { text: string } & (
  | { type: 'addColumn'; column: ColumnDef; position?: Position }
  | { type: 'dropColumn'; column: string }
  | { type: 'renameColumn'; from: string; to: string }
  /** MODIFY (from = the column's own name) or CHANGE old new */
  | { type: 'modifyColumn'; from: string; column: ColumnDef; position?: Position }
  | { type: 'setDefault'; column: string; value: DefaultSpec }
  | { type: 'dropDefault'; column: string }
  | { type: 'columnVisibility'; column: string }
  | { type: 'addIndex'; name?: string; columns: string[] | undefined; unique: boolean; variant: 'btree' | 'fulltext' | 'spatial' }
  | { type: 'dropIndex'; name: string }
  | { type: 'renameIndex'; from: string; to: string }
  | { type: 'indexVisibility'; name: string }
  | { type: 'addPrimaryKey'; columns: string[] | undefined }
  | { type: 'dropPrimaryKey' }
  | { type: 'addForeignKey'; name?: string; columns: string[] | undefined; refTable: string; refColumns: string[] | undefined }
  | { type: 'dropForeignKey'; name: string }
  | { type: 'addCheck'; name?: string; expression: string }
  /** DROP CONSTRAINT / DROP CHECK: a check, or (MySQL 8.0.19+) any named constraint */
  | { type: 'dropConstraint'; name: string }
  | { type: 'renameTable'; to: string }
  | { type: 'convertCharset'; charset: string }
  /** FORCE, ENGINE=, ROW_FORMAT=, …: the table is rebuilt */
  | { type: 'rebuild'; option: string }
  /** COMMENT=, AUTO_INCREMENT=: table metadata only */
  | { type: 'tableOption'; option: string }
);

export type AlterClauseType = AlterClause['type'];

export interface AlterStatement {
  kind: 'ALTER TABLE' | 'CREATE INDEX' | 'DROP INDEX' | 'OPTIMIZE TABLE';
  table: string;
  /** the table's name as written (quoted, qualified) */
  tableText: string;
  clauses: AlterClause[];
  /** ALGORITHM= as written, upper-case */
  algorithm?: string;
  /** LOCK= as written, upper-case */
  lock?: string;
}

/** Words that end a column definition or an expression in one. */
const CLAUSE_END = new Set(['FIRST', 'AFTER']);
const REBUILD_OPTIONS = new Set([
  'ENGINE',
  'ROW_FORMAT',
  'KEY_BLOCK_SIZE',
  'PAGE_COMPRESSED',
  'PAGE_COMPRESSION_LEVEL',
  'ENCRYPTED',
  'ENCRYPTION_KEY_ID',
  'COMPRESSION',
  'ENCRYPTION',
]);
const METADATA_OPTIONS = new Set(['COMMENT', 'AUTO_INCREMENT', 'STATS_PERSISTENT', 'STATS_AUTO_RECALC', 'STATS_SAMPLE_PAGES']);
/** Functions whose value differs per row, so a new column cannot take one value for all existing rows. */
const PER_ROW_FUNCTIONS = new Set(['UUID', 'UUID_SHORT', 'SYS_GUID', 'SYSDATE', 'UUID_TO_BIN', 'RANDOM_BYTES']);
const NOW_WORDS = new Set(['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURDATE', 'CURRENT_TIME', 'CURTIME', 'UTC_TIMESTAMP']);
/** Words of expressions that are not column names. */
const EXPRESSION_WORDS = new Set([
  'NULL', 'TRUE', 'FALSE', 'AND', 'OR', 'NOT', 'XOR', 'IS', 'IN', 'LIKE', 'BETWEEN', 'DIV', 'MOD', 'CASE', 'WHEN',
  'THEN', 'ELSE', 'END', 'AS', 'INTERVAL', 'MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH',
  'QUARTER', 'YEAR', 'BINARY', 'SIGNED', 'UNSIGNED', 'CHAR', 'CHARACTER', 'DATE', 'TIME', 'DATETIME', 'DECIMAL',
  'INTEGER', 'INT', 'JSON', 'USING', 'COLLATE', 'ESCAPE', ...NOW_WORDS,
]);

/** A literal prefix (`_utf8mb4'x'`, `N'x'`, `X'ff'`, `B'01'`) rather than a name. */
function isLiteralPrefix(t: Token, next: Token | undefined): boolean {
  return t.kind === 'word' && next?.kind === 'string' && (/^_/.test(t.value) || /^[nxb]$/i.test(t.value));
}

/** Whether an expression's value differs per row: a per-row function, or a reference to a column. */
function perRowExpression(tokens: Token[]): boolean {
  return tokens.some((t, i) => {
    const next = tokens[i + 1];
    const word = t.value.toUpperCase();
    if (t.kind === 'ident') return true;
    if (t.kind !== 'word' || isLiteralPrefix(t, next)) return false;
    if (next?.kind === 'op' && next.value === '(') return PER_ROW_FUNCTIONS.has(word);
    const qualified = tokens[i - 1]?.kind === 'op' && tokens[i - 1]?.value === '.';
    return !qualified && !EXPRESSION_WORDS.has(word);
  });
}

/** A DEFAULT value: a literal, NULL, the current time, a function call or a parenthesised expression. */
function readDefault(c: Cursor): DefaultSpec {
  const from = c.pos;
  if (c.isOp('(')) {
    const group = c.group();
    const only = group.tokens.length === 1 ? group.tokens[0] : undefined;
    const now = only?.kind === 'word' && NOW_WORDS.has(only.value.toUpperCase());
    return { kind: now ? 'now' : 'expression', text: c.textFrom(from), perRow: perRowExpression(group.tokens) };
  }
  if (c.isOp('-') || c.isOp('+')) c.next();
  const t = c.next();
  const word = t.kind === 'word' ? t.value.toUpperCase() : '';
  if (word === 'NULL') return { kind: 'null', text: t.text, perRow: false };
  if (t.kind === 'word' && c.isOp('(')) {
    const group = c.group();
    const kind: DefaultKind = NOW_WORDS.has(word) ? 'now' : 'expression';
    return { kind, text: c.textFrom(from), perRow: PER_ROW_FUNCTIONS.has(word) || perRowExpression(group.tokens) };
  }
  if (NOW_WORDS.has(word)) return { kind: 'now', text: t.text, perRow: false };
  if (t.kind === 'word' && isLiteralPrefix(t, c.peek())) c.next();
  else if (t.kind !== 'string' && t.kind !== 'number' && word !== 'TRUE' && word !== 'FALSE') c.fail('a default value');
  return { kind: 'literal', text: c.textFrom(from), perRow: false };
}

function referentialActions(c: Cursor): void {
  while (c.accept('ON')) {
    if (!c.acceptAny('DELETE', 'UPDATE')) c.fail('DELETE or UPDATE');
    if (c.accept('SET', 'NULL') || c.accept('SET', 'DEFAULT') || c.accept('NO', 'ACTION')) continue;
    if (!c.acceptAny('CASCADE', 'RESTRICT')) c.fail('a referential action');
  }
}

function readReferences(c: Cursor): { table: string; columns: string[] | undefined } {
  c.expect('REFERENCES');
  const table = c.tableName();
  const columns = c.isOp('(') ? indexColumns(c.group()) : undefined;
  if (c.accept('MATCH')) c.acceptAny('FULL', 'PARTIAL', 'SIMPLE');
  referentialActions(c);
  return { table, columns };
}

/** One attribute of a column definition; false when the cursor is not at one. */
function readColumnAttribute(c: Cursor, def: Omit<ColumnDef, 'text'>): boolean {
  if (c.accept('NOT', 'NULL')) def.nullable = false;
  else if (c.accept('NULL')) def.nullable = true;
  else if (c.accept('DEFAULT')) def.default = readDefault(c);
  else if (c.accept('AUTO_INCREMENT')) def.autoIncrement = true;
  else if (c.accept('UNIQUE')) {
    c.acceptAny('KEY', 'INDEX');
    def.unique = true;
  } else if (c.accept('PRIMARY', 'KEY') || c.accept('KEY')) def.primaryKey = true;
  else if (c.accept('COMMENT')) c.next();
  else if (c.accept('COLLATE')) def.type = { ...def.type, charset: charsetOfCollation(c.name('a collation')) };
  else if (c.accept('CHARACTER', 'SET') || c.accept('CHARSET')) def.type = { ...def.type, charset: c.name('a character set').toLowerCase() };
  else if (c.accept('ON', 'UPDATE')) readDefault(c);
  else if (c.accept('GENERATED', 'ALWAYS', 'AS') || c.accept('AS')) {
    c.group();
    def.generated = c.acceptAny('STORED', 'PERSISTENT') ? 'stored' : 'virtual';
    c.acceptAny('VIRTUAL');
  } else if (c.accept('CONSTRAINT') || c.isWord(0, 'CHECK')) {
    if (!c.isWord(0, 'CHECK')) c.name('a constraint name');
    c.expect('CHECK');
    c.group();
    def.check = true;
  } else if (c.isWord(0, 'REFERENCES')) {
    const ref = readReferences(c);
    def.references = { table: ref.table, columns: ref.columns ?? [] };
  } else if (c.acceptAny('INVISIBLE', 'VISIBLE')) return true;
  else if (c.accept('COLUMN_FORMAT') || c.accept('STORAGE')) c.next();
  else return false;
  return true;
}

/** `name type [attributes…]` */
export function readColumnDef(c: Cursor): ColumnDef {
  const from = c.pos;
  const name = c.name('a column name');
  const def: Omit<ColumnDef, 'text'> = {
    name,
    type: readType(c),
    autoIncrement: false,
    primaryKey: false,
    unique: false,
    check: false,
  };
  while (!c.atEnd() && !c.isOp(',') && !c.isOp(')') && !c.isWord(0, ...CLAUSE_END)) {
    if (!readColumnAttribute(c, def)) c.fail('a column attribute');
  }
  return { ...def, text: c.textFrom(from) };
}

function readPosition(c: Cursor): Position | undefined {
  if (c.accept('FIRST')) return { first: true };
  if (c.accept('AFTER')) return { after: c.name('a column name') };
  return undefined;
}

/** Index options after the column list: USING, KEY_BLOCK_SIZE, COMMENT, VISIBLE, IGNORED, WITH PARSER. */
function readIndexOptions(c: Cursor): void {
  for (;;) {
    if (c.accept('USING') || c.accept('WITH', 'PARSER') || c.accept('COMMENT')) c.next();
    else if (c.accept('KEY_BLOCK_SIZE')) c.optionValue();
    else if (!c.acceptAny('VISIBLE', 'INVISIBLE', 'IGNORED') && !c.accept('NOT', 'IGNORED')) return;
  }
}

function ifExists(c: Cursor): void {
  c.accept('IF', 'EXISTS');
}

function ifNotExists(c: Cursor): void {
  c.accept('IF', 'NOT', 'EXISTS');
}

/** `[name] [USING type] (columns) [options]` of an index or key. */
function readIndexBody(c: Cursor): { name?: string; columns: string[] | undefined } {
  ifNotExists(c);
  const name = c.isOp('(') || c.isWord(0, 'USING') ? undefined : c.name('an index name');
  if (c.accept('USING')) c.next();
  const columns = indexColumns(c.group());
  readIndexOptions(c);
  return { ...(name === undefined ? {} : { name }), columns };
}

type ClauseBody = AlterClause extends infer T ? (T extends AlterClause ? Omit<T, 'text'> : never) : never;

function readConstraint(c: Cursor, name: string | undefined): ClauseBody {
  if (c.accept('PRIMARY', 'KEY')) {
    if (c.accept('USING')) c.next();
    const columns = indexColumns(c.group());
    readIndexOptions(c);
    return { type: 'addPrimaryKey', columns };
  }
  if (c.accept('UNIQUE')) {
    c.acceptAny('INDEX', 'KEY');
    const body = readIndexBody(c);
    const indexName = body.name ?? name;
    return { type: 'addIndex', ...(indexName === undefined ? {} : { name: indexName }), columns: body.columns, unique: true, variant: 'btree' };
  }
  if (c.accept('FOREIGN', 'KEY')) {
    ifNotExists(c);
    const own = c.isOp('(') ? undefined : c.name('a foreign key name');
    const columns = indexColumns(c.group());
    const ref = readReferences(c);
    const fkName = name ?? own;
    return { type: 'addForeignKey', ...(fkName === undefined ? {} : { name: fkName }), columns, refTable: ref.table, refColumns: ref.columns };
  }
  if (c.accept('CHECK')) {
    const expression = c.group().text;
    if (!c.accept('NOT', 'ENFORCED')) c.accept('ENFORCED');
    return { type: 'addCheck', ...(name === undefined ? {} : { name }), expression };
  }
  return c.fail('PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK');
}

function readAdd(c: Cursor): ClauseBody[] {
  if (c.accept('CONSTRAINT')) {
    const name = c.isWord(0, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK') ? undefined : c.name('a constraint name');
    return [readConstraint(c, name)];
  }
  if (c.isWord(0, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) return [readConstraint(c, undefined)];
  const variant = c.acceptAny('FULLTEXT', 'SPATIAL');
  if (variant || c.isWord(0, 'INDEX', 'KEY')) {
    c.acceptAny('INDEX', 'KEY');
    const body = readIndexBody(c);
    return [{ type: 'addIndex', ...body, unique: false, variant: variant === 'FULLTEXT' ? 'fulltext' : variant ? 'spatial' : 'btree' }];
  }
  if (c.isWord(0, 'PARTITION', 'PERIOD', 'SYSTEM')) c.fail('a column, index or constraint (partitioning and system versioning are not analysed)');
  c.accept('COLUMN');
  ifNotExists(c);
  if (c.isOp('(')) {
    const inner = new Cursor(c.group().text);
    const columns: ClauseBody[] = [];
    do columns.push({ type: 'addColumn', column: readColumnDef(inner) });
    while (inner.acceptOp(','));
    if (!inner.atEnd()) inner.fail('"," or ")"');
    return columns;
  }
  const column = readColumnDef(c);
  const position = readPosition(c);
  return [{ type: 'addColumn', column, ...(position ? { position } : {}) }];
}

function readDrop(c: Cursor): ClauseBody {
  if (c.accept('PRIMARY', 'KEY')) return { type: 'dropPrimaryKey' };
  if (c.acceptAny('INDEX', 'KEY')) {
    ifExists(c);
    return { type: 'dropIndex', name: c.name('an index name') };
  }
  if (c.accept('FOREIGN', 'KEY')) {
    ifExists(c);
    return { type: 'dropForeignKey', name: c.name('a foreign key name') };
  }
  if (c.acceptAny('CONSTRAINT', 'CHECK')) {
    ifExists(c);
    return { type: 'dropConstraint', name: c.name('a constraint name') };
  }
  if (c.isWord(0, 'PARTITION', 'PERIOD', 'SYSTEM')) c.fail('a column, index or constraint (partitioning and system versioning are not analysed)');
  c.accept('COLUMN');
  ifExists(c);
  const column = c.name('a column name');
  c.acceptAny('RESTRICT', 'CASCADE');
  return { type: 'dropColumn', column };
}

function readAlterColumn(c: Cursor): ClauseBody {
  if (c.accept('INDEX')) {
    const name = c.name('an index name');
    if (!c.acceptAny('VISIBLE', 'INVISIBLE', 'IGNORED') && !c.accept('NOT', 'IGNORED')) c.fail('VISIBLE, INVISIBLE or IGNORED');
    return { type: 'indexVisibility', name };
  }
  c.accept('COLUMN');
  ifExists(c);
  const column = c.name('a column name');
  if (c.accept('SET', 'DEFAULT')) return { type: 'setDefault', column, value: readDefault(c) };
  if (c.accept('DROP', 'DEFAULT')) return { type: 'dropDefault', column };
  if (c.accept('SET', 'VISIBLE') || c.accept('SET', 'INVISIBLE')) return { type: 'columnVisibility', column };
  return c.fail('SET DEFAULT, DROP DEFAULT or SET [IN]VISIBLE');
}

function readRename(c: Cursor): ClauseBody {
  if (c.accept('COLUMN')) {
    const from = c.name('a column name');
    c.expect('TO');
    return { type: 'renameColumn', from, to: c.name('a column name') };
  }
  if (c.acceptAny('INDEX', 'KEY')) {
    const from = c.name('an index name');
    c.expect('TO');
    return { type: 'renameIndex', from, to: c.name('an index name') };
  }
  c.acceptAny('TO', 'AS');
  return { type: 'renameTable', to: c.tableName() };
}

function readTableOption(c: Cursor): ClauseBody | undefined {
  c.accept('DEFAULT');
  if (c.accept('CHARACTER', 'SET') || c.accept('CHARSET') || c.accept('COLLATE')) {
    c.optionValue();
    return { type: 'rebuild', option: 'the table character set' };
  }
  const word = c.peek()?.kind === 'word' ? (c.peek()?.value.toUpperCase() as string) : '';
  if (REBUILD_OPTIONS.has(word) || METADATA_OPTIONS.has(word)) {
    c.next();
    c.optionValue();
    return REBUILD_OPTIONS.has(word) ? { type: 'rebuild', option: word } : { type: 'tableOption', option: word };
  }
  return undefined;
}

interface Settings {
  algorithm?: string;
  lock?: string;
}

/** ALGORITHM= and LOCK= (kept aside, not clauses); true when the cursor was at one. */
function readSetting(c: Cursor, settings: Settings): boolean {
  if (c.accept('ALGORITHM')) settings.algorithm = c.optionValue().value.toUpperCase();
  else if (c.accept('LOCK')) settings.lock = c.optionValue().value.toUpperCase();
  else return false;
  return true;
}

function readClause(c: Cursor): ClauseBody[] {
  if (c.accept('ADD')) return readAdd(c);
  if (c.accept('DROP')) return [readDrop(c)];
  if (c.accept('MODIFY')) {
    c.accept('COLUMN');
    ifExists(c);
    const column = readColumnDef(c);
    const position = readPosition(c);
    return [{ type: 'modifyColumn', from: column.name, column, ...(position ? { position } : {}) }];
  }
  if (c.accept('CHANGE')) {
    c.accept('COLUMN');
    ifExists(c);
    const from = c.name('a column name');
    const column = readColumnDef(c);
    const position = readPosition(c);
    return [{ type: 'modifyColumn', from, column, ...(position ? { position } : {}) }];
  }
  if (c.accept('ALTER')) return [readAlterColumn(c)];
  if (c.accept('RENAME')) return [readRename(c)];
  if (c.accept('FORCE')) return [{ type: 'rebuild', option: 'FORCE' }];
  if (c.accept('CONVERT', 'TO')) {
    if (!c.accept('CHARACTER', 'SET')) c.expect('CHARSET');
    const charset = c.name('a character set').toLowerCase();
    if (c.accept('COLLATE')) c.name('a collation');
    return [{ type: 'convertCharset', charset }];
  }
  const option = readTableOption(c);
  if (option) return [option];
  return c.fail('an ALTER TABLE clause');
}

function alterTable(c: Cursor): AlterStatement {
  c.accept('ONLINE');
  c.accept('IGNORE');
  c.expect('TABLE');
  ifExists(c);
  const at = c.pos;
  const table = c.tableName();
  const tableText = c.textFrom(at);
  if (c.accept('WAIT')) c.next();
  else c.accept('NOWAIT');
  const clauses: AlterClause[] = [];
  const settings: Settings = {};
  while (!c.atEnd()) {
    const from = c.pos;
    if (!readSetting(c, settings)) {
      for (const body of readClause(c)) clauses.push({ ...body, text: c.textFrom(from) } as AlterClause);
    }
    // Table options and ALGORITHM / LOCK may follow one another without commas.
    if (!c.acceptOp(',') && !c.atEnd() && !isOptionStart(c)) c.fail('"," or the end of the statement');
  }
  return { kind: 'ALTER TABLE', table, tableText, clauses, ...settings };
}

function isOptionStart(c: Cursor): boolean {
  const at = c.pos;
  try {
    return readSetting(c, {}) || readTableOption(c) !== undefined;
  } catch (e) {
    if (e instanceof UnreadableStatement) return false;
    throw e;
  } finally {
    c.pos = at;
  }
}

function trailingSettings(c: Cursor, settings: Settings): void {
  while (!c.atEnd()) if (!readSetting(c, settings)) c.fail('ALGORITHM=, LOCK= or the end of the statement');
}

function createIndex(c: Cursor): AlterStatement {
  c.accept('OR', 'REPLACE');
  c.acceptAny('ONLINE', 'OFFLINE');
  const unique = c.accept('UNIQUE');
  const variant = unique ? undefined : c.acceptAny('FULLTEXT', 'SPATIAL');
  c.expect('INDEX');
  ifNotExists(c);
  const nameText = c.peek()?.text ?? '';
  const name = c.name('an index name');
  if (c.accept('USING')) c.next();
  c.expect('ON');
  const at = c.pos;
  const table = c.tableName();
  const tableText = c.textFrom(at);
  const group: Group = c.group();
  readIndexOptions(c);
  const settings: Settings = {};
  const text = `ADD ${unique ? 'UNIQUE ' : variant ? `${variant} ` : ''}INDEX ${nameText} (${group.text})`;
  trailingSettings(c, settings);
  const clause: AlterClause = {
    type: 'addIndex',
    name,
    columns: indexColumns(group),
    unique,
    variant: variant === 'FULLTEXT' ? 'fulltext' : variant ? 'spatial' : 'btree',
    text,
  };
  return { kind: 'CREATE INDEX', table, tableText, clauses: [clause], ...settings };
}

function dropIndex(c: Cursor): AlterStatement {
  c.acceptAny('ONLINE', 'OFFLINE');
  ifExists(c);
  const nameText = c.peek()?.text ?? '';
  const name = c.name('an index name');
  c.expect('ON');
  const at = c.pos;
  const table = c.tableName();
  const tableText = c.textFrom(at);
  const settings: Settings = {};
  if (c.accept('WAIT')) c.next();
  else c.accept('NOWAIT');
  trailingSettings(c, settings);
  return { kind: 'DROP INDEX', table, tableText, clauses: [{ type: 'dropIndex', name, text: `DROP INDEX ${nameText}` }], ...settings };
}

function optimizeTable(c: Cursor): AlterStatement {
  c.acceptAny('NO_WRITE_TO_BINLOG', 'LOCAL');
  c.expect('TABLE');
  const at = c.pos;
  const table = c.tableName();
  const tableText = c.textFrom(at);
  if (!c.atEnd()) c.fail('the end of the statement (OPTIMIZE TABLE of one table is analysed)');
  return { kind: 'OPTIMIZE TABLE', table, tableText, clauses: [{ type: 'rebuild', option: 'OPTIMIZE TABLE', text: 'FORCE' }] };
}

/**
 * The statement as an AlterStatement when it is ALTER TABLE, CREATE INDEX, DROP INDEX or
 * OPTIMIZE TABLE; undefined for any other statement. Throws UnreadableStatement when it is one of
 * those but not in a form the reader knows.
 */
export function readAlterStatement(sql: string): AlterStatement | undefined {
  const c = new Cursor(sql);
  if (c.accept('ALTER')) {
    if (!c.isWord(0, 'TABLE', 'ONLINE', 'IGNORE')) return undefined;
    return alterTable(c);
  }
  if (c.accept('OPTIMIZE')) return optimizeTable(c);
  if (c.accept('DROP', 'INDEX')) return dropIndex(c);
  if (c.accept('DROP') && c.acceptAny('ONLINE', 'OFFLINE')) {
    c.expect('INDEX');
    return dropIndex(c);
  }
  c.pos = 0;
  if (c.accept('CREATE')) {
    const probe = c.pos;
    c.accept('OR', 'REPLACE');
    c.acceptAny('ONLINE', 'OFFLINE');
    c.acceptAny('UNIQUE', 'FULLTEXT', 'SPATIAL');
    if (c.isWord(0, 'INDEX')) {
      c.pos = probe;
      return createIndex(c);
    }
  }
  return undefined;
}

/** The columns, primary key and indexes a CREATE TABLE defines, or undefined when it is not read. */
export interface CreatedTable {
  table: string;
  columns: ColumnDef[];
  primaryKey: string[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: { name: string; columns: string[]; refTable: string }[];
}

function readTableElement(c: Cursor, out: CreatedTable): void {
  const name = c.accept('CONSTRAINT') && !c.isWord(0, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK') ? c.name('a constraint name') : undefined;
  if (name !== undefined || c.isWord(0, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) {
    const clause = readConstraint(c, name);
    if (clause.type === 'addPrimaryKey') out.primaryKey = clause.columns ?? [];
    if (clause.type === 'addIndex') out.indexes.push({ name: clause.name ?? '', columns: clause.columns ?? [], unique: true });
    if (clause.type === 'addForeignKey') {
      out.foreignKeys.push({ name: clause.name ?? '', columns: clause.columns ?? [], refTable: clause.refTable });
    }
    return;
  }
  const variant = c.acceptAny('FULLTEXT', 'SPATIAL');
  if (variant || c.acceptAny('INDEX', 'KEY')) {
    if (variant) c.acceptAny('INDEX', 'KEY');
    const body = readIndexBody(c);
    out.indexes.push({ name: body.name ?? '', columns: body.columns ?? [], unique: false });
    return;
  }
  const column = readColumnDef(c);
  out.columns.push(column);
  if (column.primaryKey) out.primaryKey = [column.name];
}

/** CREATE TABLE name (elements) [options]: its columns and keys, for later statements of the same script. */
export function readCreateTable(sql: string): CreatedTable | undefined {
  try {
    const c = new Cursor(sql);
    c.expect('CREATE');
    c.accept('OR', 'REPLACE');
    c.accept('TEMPORARY');
    c.expect('TABLE');
    ifNotExists(c);
    const out: CreatedTable = { table: c.tableName(), columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
    const body = new Cursor(c.group().text);
    do readTableElement(body, out);
    while (body.acceptOp(','));
    return body.atEnd() ? out : undefined;
  } catch (e) {
    if (e instanceof UnreadableStatement) return undefined;
    throw e;
  }
}
