import { MigError } from '../errors';

/**
 * A validator for the SQL expressions a description may carry (a check, a backfill's where or value).
 * It tokenizes the text and accepts one expression made of names, numbers, 'strings', operators,
 * parentheses, commas inside calls and a short list of expression keywords; it refuses anything that
 * could end the statement or hide text from it (`;`, comments, unbalanced quotes or parentheses,
 * backslashes) and statement keywords. The result is re-spelled from the tokens, keywords in upper case.
 */

type Kind = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'open' | 'close' | 'comma' | 'dot';

interface Tok {
  kind: Kind;
  text: string;
}

export interface ValidExpression {
  /** the expression re-spelled from its tokens */
  sql: string;
  /** plain column names in order of appearance (not function names, keywords or qualifiers) */
  names: string[];
}

const KEYWORDS = new Set([
  'and', 'or', 'not', 'is', 'null', 'in', 'like', 'ilike', 'between', 'true', 'false', 'case', 'when', 'then',
  'else', 'end', 'distinct', 'from', 'escape', 'as', 'cast', 'current_timestamp', 'current_date',
  'current_time', 'interval', 'unknown',
]);

/** Keywords that stand for a value, so a following sign is binary. */
const VALUE_KEYWORDS = new Set(['null', 'true', 'false', 'end', 'current_timestamp', 'current_date', 'current_time', 'unknown']);

const STATEMENT_KEYWORDS = new Set([
  'select', 'insert', 'update', 'delete', 'drop', 'alter', 'create', 'grant', 'revoke', 'truncate', 'merge', 'copy',
  'execute', 'exec', 'call', 'declare', 'begin', 'commit', 'rollback', 'savepoint', 'union', 'intersect', 'except',
  'into', 'values', 'returning', 'vacuum', 'pragma', 'attach', 'detach', 'set',
]);

/** Functions with side effects outside the row (sleeping, files, other connections, settings). */
const UNSAFE_FUNCTIONS = new Set([
  'pg_sleep', 'sleep', 'benchmark', 'load_file', 'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'lo_import',
  'lo_export', 'dblink', 'dblink_exec', 'pg_terminate_backend', 'pg_cancel_backend', 'set_config', 'load_extension',
  'pg_reload_conf',
]);

/** Token kinds that end or start a value: two such in a row are not one expression. */
const ENDS_VALUE = new Set<Kind>(['name', 'number', 'string', 'close']);
const STARTS_VALUE = new Set<Kind>(['name', 'number', 'string']);

const OPERATORS = ['<=', '>=', '<>', '!=', '||', '::', '=', '<', '>', '+', '-', '*', '/', '%'];
const COMMENTS = ['--', '/*', '*/', '#'];
const SINGLE = new Map<string, Kind>([
  ['(', 'open'],
  [')', 'close'],
  [',', 'comma'],
  ['.', 'dot'],
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;

class Refusal {
  constructor(readonly problem: string) {}
}

function refuse(problem: string): never {
  throw new Refusal(problem);
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '\\') refuse('has a backslash in a string, which databases read differently');
    if (ch === '\0') refuse('has a NUL character in a string');
    if (ch === "'") {
      if (text.charAt(i + 1) !== "'") return { value, end: i + 1 };
      value += "'";
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  return refuse('has an unclosed quote');
}

function readToken(text: string, i: number): { tok: Tok; end: number } {
  const rest = text.slice(i);
  const ch = text.charAt(i);
  if (ch === "'") {
    const { value, end } = readString(text, i);
    return { tok: { kind: 'string', text: value }, end };
  }
  if (ch === '"' || ch === '`') refuse('has a quoted name; write the plain name (quotes differ between databases)');
  if (ch === ';') refuse('contains ";"');
  const comment = COMMENTS.find((c) => rest.startsWith(c));
  if (comment) refuse(`contains the comment marker "${comment}"`);
  const number = NUMBER.exec(rest);
  if (number) {
    if (/^[A-Za-z0-9_]/.test(rest.slice(number[0].length))) refuse(`has a malformed number near "${rest.slice(0, 12)}"`);
    return { tok: { kind: 'number', text: number[0] }, end: i + number[0].length };
  }
  const name = NAME.exec(rest);
  if (name) {
    const lower = name[0].toLowerCase();
    if (STATEMENT_KEYWORDS.has(lower)) refuse(`contains the statement keyword ${lower.toUpperCase()}`);
    const keyword = KEYWORDS.has(lower);
    if (!keyword && text.charAt(i + name[0].length) === "'") {
      refuse(`has a prefixed string ${name[0]}'...'; write a plain 'string'`);
    }
    return { tok: { kind: keyword ? 'keyword' : 'name', text: name[0] }, end: i + name[0].length };
  }
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (op) return { tok: { kind: 'op', text: op }, end: i + op.length };
  const kind = SINGLE.get(ch);
  if (kind) return { tok: { kind, text: ch }, end: i + 1 };
  return refuse(`has the character ${JSON.stringify(ch)}, which an expression here may not use`);
}

function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text.charAt(i))) {
      i += 1;
      continue;
    }
    const { tok, end } = readToken(text, i);
    toks.push(tok);
    i = end;
  }
  return toks;
}

function checkShape(toks: Tok[]): void {
  if (toks.length === 0) refuse('is empty');
  let depth = 0;
  toks.forEach((t, i) => {
    if (t.kind === 'open') depth += 1;
    if (t.kind === 'close') depth -= 1;
    if (depth < 0) refuse('has a ) without its (');
    if (t.kind === 'comma' && depth === 0) refuse('has a comma outside parentheses (it must be one expression)');
    const next = toks[i + 1];
    if (t.kind === 'dot' && (toks[i - 1]?.kind !== 'name' || next?.kind !== 'name')) refuse('has a "." that is not between two names');
    if (next && ENDS_VALUE.has(t.kind) && STARTS_VALUE.has(next.kind)) {
      refuse(`has ${spell(t)} and ${spell(next)} side by side; join them with an operator such as = or AND`);
    }
    if (t.kind === 'name' && next?.kind === 'open' && UNSAFE_FUNCTIONS.has(t.text.toLowerCase())) {
      refuse(`calls ${t.text}(), which is not allowed here`);
    }
  });
  if (depth !== 0) refuse('has a ( without its )');
}

function closingIndex(toks: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i += 1) {
    const kind = toks[i]?.kind;
    if (kind === 'open') depth += 1;
    if (kind === 'close') depth -= 1;
    if (depth === 0) return i;
  }
  return -1;
}

/** `((a > 0))` → `a > 0`: parentheses around the whole expression say nothing. */
function stripOuter(toks: Tok[]): Tok[] {
  let out = toks;
  while (out.length > 2 && out[0]?.kind === 'open' && closingIndex(out, 0) === out.length - 1) out = out.slice(1, -1);
  return out;
}

function isUnarySign(toks: Tok[], i: number): boolean {
  const t = toks[i];
  const prev = toks[i - 1];
  if (!t || t.kind !== 'op' || (t.text !== '-' && t.text !== '+')) return false;
  if (!prev) return true;
  if (prev.kind === 'keyword') return !VALUE_KEYWORDS.has(prev.text.toLowerCase());
  return prev.kind === 'op' || prev.kind === 'open' || prev.kind === 'comma';
}

function spaceBefore(toks: Tok[], i: number): boolean {
  const t = toks[i];
  const prev = toks[i - 1];
  if (!t || !prev) return false;
  if (t.kind === 'close' || t.kind === 'comma' || t.kind === 'dot' || prev.kind === 'open' || prev.kind === 'dot') return false;
  if (t.kind === 'open' && prev.kind === 'name') return false;
  if (t.text === '::' || prev.text === '::') return false;
  return !isUnarySign(toks, i - 1);
}

function spell(t: Tok): string {
  if (t.kind === 'keyword') return t.text.toUpperCase();
  if (t.kind === 'string') return `'${t.text.replace(/'/g, "''")}'`;
  return t.text;
}

function columnNames(toks: Tok[]): string[] {
  return toks
    .filter((t, i) => t.kind === 'name' && toks[i + 1]?.kind !== 'open' && toks[i + 1]?.kind !== 'dot')
    .map((t) => t.text);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}...` : flat;
}

/**
 * Validate and re-spell one SQL expression. `what` names it in errors ("check", "where", "value").
 * Throws a MigError naming what was refused and what an expression here may contain.
 */
export function validateExpression(text: string, what: string): ValidExpression {
  try {
    const toks = lex(text);
    checkShape(toks);
    const body = stripOuter(toks);
    // `(a, b)` passes as a whole but is not one expression once unwrapped
    checkShape(body);
    const sql = body.map((t, i) => (spaceBefore(body, i) ? ' ' : '') + spell(t)).join('');
    return { sql, names: columnNames(body) };
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    throw new MigError(
      `${what} ${JSON.stringify(shorten(text))} ${e.problem}; a ${what} is one SQL expression such as price >= 0 — names, numbers, 'strings', operators and function calls`,
      { code: 'BAD_EXPRESSION' },
    );
  }
}
