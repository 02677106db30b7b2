import { mysqlAddColumnNotInstant } from '../rules/mysql-add-column-not-instant';
import { mysqlAddForeignKey } from '../rules/mysql-add-foreign-key';
import { mysqlAlgorithmCopy } from '../rules/mysql-algorithm-copy';
import { mysqlAlgorithmNotSupported } from '../rules/mysql-algorithm-not-supported';
import { mysqlCouldNotAnalyse } from '../rules/mysql-could-not-analyse';
import { mysqlEnumChangeNotAppend } from '../rules/mysql-enum-change-not-append';
import { mysqlLargeTableOnlineTool } from '../rules/mysql-large-table-online-tool';
import { mysqlNotNullChange } from '../rules/mysql-not-null-change';
import { mysqlTypeChangeCopiesTable } from '../rules/mysql-type-change-copies-table';
import { mysqlVarcharLengthPrefix } from '../rules/mysql-varchar-length-prefix';
import type { Rule } from '../types';

/** The MySQL / MariaDB rules, in code order. */
export const MYSQL_RULES: readonly Rule[] = [
  mysqlAlgorithmCopy,
  mysqlAddColumnNotInstant,
  mysqlTypeChangeCopiesTable,
  mysqlVarcharLengthPrefix,
  mysqlEnumChangeNotAppend,
  mysqlAddForeignKey,
  mysqlNotNullChange,
  mysqlLargeTableOnlineTool,
  mysqlAlgorithmNotSupported,
  mysqlCouldNotAnalyse,
];
