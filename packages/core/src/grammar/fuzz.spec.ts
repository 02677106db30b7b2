import { MigError } from '../errors';
import type { Operation } from '../model/operations';
import { isSqlExpression } from '../model/schema';
import { validateExpression } from './expression';
import { EXAMPLE_PHRASES, parseDescription } from './index';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  ...'      .,(){}:=;\'"`-*/#<>!+%|$\\[]@?&^~\n\t',
  'é', '中', '😀', '\u0000', '\u200b', '\u00a0',
];

const VOCABULARY = [
  'add', 'drop', 'remove', 'delete', 'column', 'columns', 'to', 'from', 'in', 'on', 'of', 'for', 'table', 'tables', 'index',
  'unique', 'foreign', 'key', 'references', 'check', 'constraint', 'default', 'not', 'null', 'nullable', 'make', 'set',
  'allow', 'rename', 'create', 'with', 'without', 'primary', 'timestamps', 'backfill', 'where', 'named', 'change', 'alter',
  'type', 'and', 'delete', 'cascade', ',', '.', '(', ')', '=', ':', '{', '}', 'users', 'email', 'price', 'id', 'is_admin',
  'created_at', 'user_id', '0', '-1', '1.5', '1e999', 'true', 'false', "'x'", "'2024-01-01'", '"q"', '`b`', 'now()',
  'current_date', 'decimal(10,2)', 'string(40)', 'enum(a,b)', 'varchar', 'double', 'precision', '>=', '<', 'select', '--',
  ';', '/*', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'AddXToUsers', 'CreateProducts', 'RemoveAFromB',
  'a:string', 'user:references', 'x:decimal{10,2}', 'y:integer{8}:uniq', 'CreateJoinTableAB', 'é', 'lower(email)',
];

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

function randomChars(rand: () => number): string {
  const length = Math.floor(rand() * 60);
  return Array.from({ length }, () => pick(rand, CHARS)).join('');
}

function tokenSoup(rand: () => number): string {
  const length = 1 + Math.floor(rand() * 12);
  return Array.from({ length }, () => pick(rand, VOCABULARY)).join(rand() < 0.8 ? ' ' : '');
}

function mutate(rand: () => number, text: string): string {
  const words = text.split(' ');
  const at = Math.floor(rand() * text.length);
  const w = Math.floor(rand() * words.length);
  switch (Math.floor(rand() * 8)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + pick(rand, CHARS) + text.slice(at);
    case 2:
      return text.slice(0, at) + pick(rand, CHARS) + text.slice(at + 1);
    case 3:
      return [...words.slice(0, w), pick(rand, VOCABULARY), ...words.slice(w)].join(' ');
    case 4:
      return [...words.slice(0, w), ...words.slice(w + 1)].join(' ');
    case 5:
      return [...words.slice(0, w), words[w], ...words.slice(w)].join(' ');
    case 6: {
      const v = Math.floor(rand() * words.length);
      const swapped = [...words];
      [swapped[w], swapped[v]] = [swapped[v] ?? '', swapped[w] ?? ''];
      return swapped.join(' ');
    }
    default:
      return rand() < 0.5 ? text.toUpperCase() : text.replace(/[a-z]+/, (m) => m.toUpperCase());
  }
}

function mutation(rand: () => number): string {
  let text = pick(rand, EXAMPLE_PHRASES);
  const times = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < times; i += 1) text = mutate(rand, text);
  return text;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Every name an operation carries: tables, columns, indexes, constraints, references. */
function namesIn(op: Operation): string[] {
  const out: string[] = [];
  const record = op as unknown as Record<string, unknown>;
  for (const key of ['table', 'from', 'to', 'name', 'refTable']) {
    const v = record[key];
    if (typeof v === 'string') out.push(v);
  }
  for (const key of ['columns', 'refColumns']) {
    const v = record[key];
    if (Array.isArray(v)) for (const item of v) out.push(typeof item === 'string' ? item : (item as { name: string }).name);
  }
  if (typeof record.column === 'string') out.push(record.column);
  else if (record.column && typeof record.column === 'object') out.push((record.column as { name: string }).name);
  if (op.kind === 'backfill') out.push(...Object.keys(op.set));
  const columns = op.kind === 'createTable' ? op.columns : op.kind === 'addColumn' ? [op.column] : [];
  for (const c of columns) if (c.references) out.push(c.references.table, c.references.column);
  return out;
}

/** Every SQL text an operation carries, which must read back as the same single expression. */
function expressionsIn(op: Operation): string[] {
  if (op.kind === 'addCheck') return [op.expression];
  if (op.kind !== 'backfill') return [];
  const values = Object.values(op.set).flatMap((v) => (isSqlExpression(v) ? [v.sql] : []));
  return op.where === undefined ? values : [...values, op.where];
}

function check(text: string): 'parsed' | 'refused' {
  let ops: Operation[];
  try {
    ops = parseDescription(text);
  } catch (e) {
    if (!(e instanceof MigError)) throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
    if (e.message === '' || /\n/.test(e.message)) throw new Error(`${JSON.stringify(text)} gave a bad message ${JSON.stringify(e.message)}`);
    return 'refused';
  }
  for (const op of ops) {
    for (const name of namesIn(op)) {
      if (!NAME.test(name)) throw new Error(`${JSON.stringify(text)} produced the name ${JSON.stringify(name)}`);
    }
    for (const sql of expressionsIn(op)) {
      if (validateExpression(sql, 'check').sql !== sql) throw new Error(`${JSON.stringify(text)} produced ${JSON.stringify(sql)}`);
    }
  }
  return 'parsed';
}

describe('fuzz: any string gives operations or a MigError', () => {
  test.each([
    ['random characters', randomChars, 3000],
    ['word soup', tokenSoup, 3000],
    ['mutated examples', mutation, 4000],
  ] as const)('%s', (_, generate, count) => {
    const rand = prng(20240601);
    const outcomes = { parsed: 0, refused: 0 };
    for (let i = 0; i < count; i += 1) outcomes[check(generate(rand))] += 1;
    expect(outcomes.refused).toBeGreaterThan(0);
    if (generate === mutation) expect(outcomes.parsed).toBeGreaterThan(count / 20);
  });

  test('long and odd inputs', () => {
    for (const text of ['a '.repeat(5000), '('.repeat(5000), 'A'.repeat(10000), `add check ${'('.repeat(3000)}a${')'.repeat(3000)} to t`]) {
      expect(check(text)).toBeDefined();
    }
  });
});
