/**
 * SQLite's own parser as the judge of a statement's syntax: better-sqlite3 prepares it (compiles,
 * never runs it) on a scratch in-memory database. A syntax error is a parse error; any other
 * complaint (no such column, no such index) only says the scratch database lacks the objects.
 * SQLite looks up ALTER TABLE's table before it reads the rest of the statement, so a missing
 * table is created (empty) and the statement prepared again, to reach the syntax behind it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { quoteIdent } from '../../dialects/sqlite/quote';
import type { Schema } from '../../model/schema';

const SYNTAX = /syntax error|incomplete input|unrecognized token|unterminated|more than one statement/i;
const MISSING_TABLE = /^no such table: (.+)$/;
const ATTEMPTS = 4;

function message(e: unknown): string {
  return String((e as { message?: unknown })?.message ?? e);
}

export class SqliteSyntaxChecker {
  // The native module loads only when SQLite statements are analysed.
  private readonly db: BetterSqlite3.Database = new (require('better-sqlite3') as typeof BetterSqlite3)(':memory:');

  constructor(schema?: Schema) {
    for (const t of schema?.tables ?? []) {
      const columns = t.columns.length ? t.columns.map((c) => quoteIdent(c.name)).join(', ') : '_';
      this.tryExec(`CREATE TABLE ${quoteIdent(t.name)} (${columns})`);
    }
  }

  /** The syntax error SQLite reports for the statement, or undefined when it parses. */
  error(sql: string): string | undefined {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        this.db.prepare(sql);
        return undefined;
      } catch (e) {
        const text = message(e);
        if (SYNTAX.test(text)) return text;
        const missing = MISSING_TABLE.exec(text)?.[1];
        if (!missing || !this.tryExec(`CREATE TABLE ${missing.split('.').map(quoteIdent).join('.')} (_)`)) return undefined;
      }
    }
    return undefined;
  }

  close(): void {
    this.db.close();
  }

  private tryExec(sql: string): boolean {
    try {
      this.db.exec(sql);
      return true;
    } catch {
      return false;
    }
  }
}
