export { openMysql } from './driver';
export { introspectMysql } from './introspect';
export { MYSQL_CHARSETS, MYSQL_KEYWORDS } from './keywords';
export { MysqlDialect, mysqlDialect } from './render';
