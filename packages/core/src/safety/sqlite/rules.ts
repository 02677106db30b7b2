import { sqliteCouldNotAnalyse } from '../rules/sqlite-could-not-analyse';
import { sqliteSingleWriterLock } from '../rules/sqlite-single-writer-lock';
import { sqliteTableRebuild } from '../rules/sqlite-table-rebuild';
import type { Rule } from '../types';

/** The SQLite rules, in code order. */
export const SQLITE_RULES: readonly Rule[] = [sqliteTableRebuild, sqliteSingleWriterLock, sqliteCouldNotAnalyse];
