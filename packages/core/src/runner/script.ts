import type { DialectName } from '../dialects/dialect';
import { MigError } from '../errors';
import { splitMysqlStatements } from '../safety/mysql/split';
import { splitStatements } from '../safety/postgres/parse';
import { splitSqliteStatements } from '../safety/sqlite/split';
import { parseDuration } from './migration-files';

/** One statement of a migration script, and whether it repeats until it changes no rows. */
export interface ScriptStatement {
  sql: string;
  /** 1-based line of its first character */
  line: number;
  repeat: boolean;
  /** pause between two runs of a repeated statement (`-- mig:repeat 100ms`) */
  pauseMs?: number;
}

const REPEAT = /^\s*--\s*mig:repeat(?:\s+(\S+))?\s*$/i;

/** The marker's pause, when it gives one. */
function pauseOf(line: string | undefined, path: string): number | undefined {
  const value = line === undefined ? undefined : REPEAT.exec(line)?.[1];
  return value === undefined ? undefined : parseDuration(value, `${path}: -- mig:repeat`);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line before `line` that is not blank, when it is `-- mig:repeat`. */
function repeatMarker(lines: string[], line: number): string | undefined {
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    return REPEAT.test(l) ? l : undefined;
  }
  return undefined;
}

const SPLITTERS: Record<DialectName, (text: string) => Array<{ sql: string; line: number }>> = {
  // PostgreSQL: libpg-query (prepareAnalyzer('postgres') must have loaded it)
  postgres: (text) => splitStatements(text).map((s) => ({ sql: s.sql, line: s.line })),
  mysql: (text) => splitMysqlStatements(text).map((p) => ({ sql: p.sql.replace(/;\s*$/, ''), line: lineAt(text, p.start) })),
  sqlite: (text) => splitSqliteStatements(text).map((p) => ({ sql: p.sql.replace(/;\s*$/, ''), line: lineAt(text, p.start) })),
};

/** The statements of a migration script, in order, split the way the database's own parser would. */
export function splitScript(dialect: DialectName, text: string, path: string): ScriptStatement[] {
  let pieces: Array<{ sql: string; line: number }>;
  try {
    pieces = SPLITTERS[dialect](text);
  } catch (e) {
    throw new MigError(`could not split ${path} into statements: ${(e as Error).message.split('\n')[0]}; check its SQL`, {
      code: 'BAD_SCRIPT',
      cause: e,
    });
  }
  const lines = text.split('\n');
  return pieces
    .map((p) => {
      const text = p.sql.trim();
      // comment lines before the statement belong to it in some splitters: they are not part of it here
      const leading = /^(?:[ \t]*--[^\n]*\n\s*)*/.exec(text)?.[0] ?? '';
      const line = p.line + (leading.match(/\n/g)?.length ?? 0);
      const marker = leading.split('\n').find((l) => REPEAT.test(l)) ?? repeatMarker(lines, line);
      const pauseMs = pauseOf(marker, path);
      return { sql: text.slice(leading.length).trim(), line, repeat: marker !== undefined, ...(pauseMs ? { pauseMs } : {}) };
    })
    .filter((s) => s.sql !== '' && !/^(--[^\n]*\n?\s*)+$/.test(s.sql));
}
