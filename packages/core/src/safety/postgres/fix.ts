/**
 * Safe SQL for findings' fixes, edited from the statement's own text (so names, types and
 * expressions stay exactly as written): a keyword inserted after a token, a clause appended to
 * one ALTER TABLE subcommand, a subcommand rebuilt without one of its clauses.
 */
import { postgresDialect } from '../../dialects/postgres/render';
import { type Fields, str, unwrap } from './ast';
import { parseText, scanText } from './parse';

/** A fix whose SQL replaces the statement: one line of advice, then the SQL. */
export function sqlFix(advice: string, sql: string): string {
  return `${advice}:\n${sql}`;
}

/** The SQL of a fix made by `sqlFix`. */
export function fixSql(fix: string): string | undefined {
  const at = fix.indexOf(':\n');
  return at === -1 ? undefined : fix.slice(at + 2);
}

export function ident(name: string): string {
  return postgresDialect.quoteIdent(name);
}

/** A RangeVar as SQL: `schema.table` when it was qualified. */
export function relationSql(relation: Fields | undefined): string {
  const schema = str(relation?.['schemaname']);
  const name = str(relation?.['relname']) ?? '';
  return schema ? `${ident(schema)}.${ident(name)}` : ident(name);
}

interface Token {
  start: number;
  end: number;
  text: string;
}

/** One statement's text with its tokens and parse tree, positions in UTF-8 bytes as the parser gives them. */
export class StatementText {
  readonly bytes: Buffer;
  readonly tokens: Token[];
  readonly node: unknown;

  constructor(readonly sql: string) {
    this.bytes = Buffer.from(sql, 'utf8');
    this.tokens = scanText(sql);
    this.node = parseText(sql)[0]?.stmt;
  }

  private static last?: StatementText;

  /** The text of `sql`, reusing the last one made (rules on one statement ask in turn). */
  static of(sql: string): StatementText {
    if (StatementText.last?.sql !== sql) StatementText.last = new StatementText(sql);
    return StatementText.last;
  }

  /** The fields of the statement's node. */
  fields(): Fields | undefined {
    return unwrap(this.node)?.fields;
  }

  slice(start: number, end = this.bytes.length): string {
    return this.bytes.subarray(start, end).toString('utf8');
  }

  insert(at: number, text: string): string {
    return this.slice(0, at) + text + this.slice(at);
  }

  /** The first token spelling `word` (case-insensitive) at or after `from`, outside parentheses. */
  keyword(word: string, from = 0): Token | undefined {
    let depth = 0;
    for (const t of this.tokens) {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (t.start >= from && depth === 0 && t.text.toLowerCase() === word.toLowerCase()) return t;
    }
    return undefined;
  }

  /** Where the comma-separated item that contains `from` ends: before the next top-level `,`, or at the end. */
  itemEnd(from: number): number {
    let depth = 0;
    let end = this.bytes.length;
    for (const t of this.tokens) {
      if (t.start < from) {
        if (t.text === '(') depth++;
        else if (t.text === ')') depth--;
        continue;
      }
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      if (depth < 0 || (depth === 0 && t.text === ',')) return lastEndBefore(this.tokens, t.start);
      end = t.end;
    }
    return end;
  }
}

function lastEndBefore(tokens: Token[], start: number): number {
  let end = 0;
  for (const t of tokens) if (t.end <= start) end = t.end;
  return end;
}

/** The statement with ` CONCURRENTLY` after its first top-level `word` (INDEX, TABLE, …). */
export function withConcurrently(sql: string, word: string): string | undefined {
  const text = StatementText.of(sql);
  const token = text.keyword(word);
  return token ? text.insert(token.end, ' CONCURRENTLY') : undefined;
}

export interface ColumnPieces {
  /** the column name, quoted as needed */
  name: string;
  /** the type as written (`varchar(40)`, `timestamptz`) */
  type: string;
  /** each column constraint as written, with its kind (`CONSTR_DEFAULT`, `CONSTR_NOTNULL`, …) */
  constraints: { contype: string; text: string }[];
}

/** The pieces of the ADD COLUMN at subcommand `position` of an ALTER TABLE, as written. */
export function addColumnPieces(text: StatementText, position: number): ColumnPieces | undefined {
  const cmds = (text.fields()?.['cmds'] as unknown[] | undefined) ?? [];
  const def = unwrap(unwrap(cmds[position])?.fields['def'])?.fields;
  const typeName = def?.['typeName'] as Fields | undefined;
  if (!def || typeof def['location'] !== 'number' || typeof typeName?.['location'] !== 'number') return undefined;
  const end = text.itemEnd(def['location']);
  const constraints = ((def['constraints'] as unknown[] | undefined) ?? [])
    .map((c) => unwrap(c)?.fields ?? {})
    .map((c) => ({ contype: String(c['contype']), at: Number(c['location']) }))
    .sort((a, b) => a.at - b.at);
  const first = constraints[0]?.at ?? end;
  return {
    name: ident(str(def['colname']) ?? ''),
    type: text.slice(typeName['location'], first).trim(),
    constraints: constraints.map((c, i) => ({
      contype: c.contype,
      text: text.slice(c.at, constraints[i + 1]?.at ?? end).trim(),
    })),
  };
}

/** `ADD COLUMN name type [constraints]` from pieces, leaving out the constraints of `drop` kinds. */
export function addColumnSql(pieces: ColumnPieces, drop: readonly string[]): string {
  const kept = pieces.constraints.filter((c) => !drop.includes(c.contype)).map((c) => c.text);
  return ['ADD COLUMN', pieces.name, pieces.type, ...kept].join(' ');
}

/**
 * The ALTER TABLE with its constraint at subcommand `position` added NOT VALID (and named
 * `name` when it had no name), followed by the VALIDATE that checks existing rows later.
 */
export function notValidSql(sql: string, position: number, name: string): { add: string; validate: string } | undefined {
  const text = StatementText.of(sql);
  const fields = text.fields();
  const cmds = (fields?.['cmds'] as unknown[] | undefined) ?? [];
  const con = unwrap(unwrap(cmds[position])?.fields['def'])?.fields;
  const at = con?.['location'];
  if (typeof at !== 'number') return undefined;
  const end = text.itemEnd(at);
  const named = con?.['conname'] === undefined;
  let add = text.slice(0, at) + (named ? `CONSTRAINT ${ident(name)} ` : '') + text.slice(at, end) + ' NOT VALID' + text.slice(end);
  add = add.trim();
  return { add, validate: `ALTER TABLE ${relationSql(fields?.['relation'] as Fields)} VALIDATE CONSTRAINT ${ident(name)}` };
}
