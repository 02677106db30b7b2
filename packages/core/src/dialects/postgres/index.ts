export { openPg, openPglite } from './driver';
export { introspectPostgres } from './introspect';
export { POSTGRES_KEYWORDS } from './keywords';
export { PostgresDialect, enumTypeName, postgresDialect } from './render';
