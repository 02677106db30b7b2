export { openSqlite } from './driver';
export { introspectSqlite } from './introspect';
export { SQLITE_KEYWORDS } from './keywords';
export { SqliteDialect, sqliteDialect } from './render';
export { parseCreateTable, tokenize } from './table-sql';
