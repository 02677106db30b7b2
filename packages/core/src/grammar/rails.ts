import pluralize from 'pluralize';
import { MigError } from '../errors';
import { indexName } from '../model/naming';
import type { AddColumn, CreateIndex, Operation } from '../model/operations';
import type { Column } from '../model/schema';
import { type Cursor, noMatch } from './cursor';
import { underscore } from './identifiers';
import { columnFrom, idColumn, timestampColumns } from './phrases/column-def';
import type { Phrase } from './phrases/phrase';
import { portableType } from './types';

/**
 * Rails migration names with generator arguments, as `rails generate migration` reads them
 * (https://guides.rubyonrails.org/active_record_migrations.html#creating-a-standalone-migration):
 * AddXToY / RemoveXFromY / CreateY / CreateJoinTableAB, then `name:type{options}:index|:uniq`.
 */

const COMMAND = /^\s*(?:(?:bin\/)?rails\s+(?:g|generate)\s+migration\s+)/i;
const ATTRIBUTE_HELP = 'write name:type, name:type{options}:index or name:references, as in price:decimal{10,2}:index';

type Mode = 'add' | 'create' | 'remove';

interface Attribute {
  name: string;
  type?: string;
  options?: string;
  index?: 'index' | 'uniq';
}

function badAttribute(text: string, why: string): never {
  throw new MigError(`bad Rails attribute ${JSON.stringify(text)}: ${why}; ${ATTRIBUTE_HELP}`, { code: 'BAD_DESCRIPTION' });
}

function attribute(raw: string): Attribute {
  const text = raw.replace(/^(['"])(.*)\1$/, '$2');
  const parts = text.split(':');
  if (parts.length > 3) badAttribute(text, 'too many ":" parts');
  const [name = '', second, third] = parts;
  const indexOnly = third === undefined && (second === 'index' || second === 'uniq');
  const index = indexOnly ? second : third;
  const attr: Attribute = { name };
  if (index === 'index' || index === 'uniq') attr.index = index;
  else if (index !== undefined) badAttribute(text, `"${index}" is not index or uniq`);
  const typeText = indexOnly ? undefined : second;
  if (typeText !== undefined) {
    const m = /^([A-Za-z_]+)(?:\{([^{}]*)\})?$/.exec(typeText);
    if (!m?.[1]) badAttribute(text, `"${typeText}" is not a type`);
    attr.type = m[1].toLowerCase();
    if (m[2] !== undefined) attr.options = m[2];
  }
  return attr;
}

const PLAIN_TYPES = new Map<string, string>([
  ['text', 'text'], ['bigint', 'bigint'], ['float', 'float'], ['boolean', 'boolean'], ['date', 'date'], ['time', 'time'],
  ['datetime', 'timestamp'], ['timestamp', 'timestamp'], ['timestamptz', 'timestamptz'], ['binary', 'binary'],
  ['json', 'json'], ['jsonb', 'jsonb'], ['uuid', 'uuid'],
]);

/** Rails' integer `limit` is a byte count. */
function integerType(options: string | undefined): string {
  if (options === undefined) return 'integer';
  const bytes = Number(options);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 8) badAttribute(`integer{${options}}`, 'the limit is a byte count from 1 to 8');
  return bytes <= 2 ? 'smallint' : bytes <= 4 ? 'integer' : 'bigint';
}

function columnType(attr: Attribute & { type: string }): string {
  const { type, options } = attr;
  if (type === 'string') return portableType('string', options === undefined ? undefined : [options]);
  if (type === 'integer') return integerType(options);
  if (type === 'decimal' || type === 'numeric') return portableType('decimal', options === undefined ? undefined : options.split(/[,.-]/));
  const plain = PLAIN_TYPES.get(type);
  if (!plain) {
    badAttribute(`${attr.name}:${type}`, `unknown type; Rails types here are string, text, integer, decimal, references, ${[...PLAIN_TYPES.keys()].filter((t) => t !== 'text').join(', ')}`);
  }
  if (options !== undefined) badAttribute(`${attr.name}:${type}{${options}}`, `${type} takes no {options}`);
  return plain;
}

interface Built {
  columns: Column[];
  index?: CreateIndex;
}

function reference(c: Cursor, table: string, attr: Attribute, mode: Mode): Built {
  const polymorphic = attr.options?.toLowerCase() === 'polymorphic';
  if (attr.options !== undefined && !polymorphic) badAttribute(`${attr.name}:${attr.type}{${attr.options}}`, 'references take only {polymorphic}');
  // a reference added to a table that already holds rows starts out nullable; a new table can require it
  const nullable = mode === 'add';
  const id = c.derivedName(`${attr.name}_id`);
  const columns: Column[] = [];
  if (polymorphic) columns.push({ name: c.derivedName(`${attr.name}_type`), type: 'string(255)', nullable });
  const idColumn: Column = { name: id, type: 'bigint', nullable };
  if (!polymorphic) idColumn.references = { table: c.derivedName(pluralize(attr.name)), column: 'id' };
  columns.push(idColumn);
  const unique = attr.index === 'uniq';
  const indexed = columns.map((col) => col.name);
  return { columns, index: { kind: 'createIndex', table, columns: indexed, unique, name: indexName(table, indexed, unique) } };
}

function build(c: Cursor, table: string, attr: Attribute, mode: Mode): Built {
  c.derivedName(attr.name);
  if (attr.type === 'references' || attr.type === 'belongs_to') return reference(c, table, attr, mode);
  const column = attr.type === undefined ? columnFrom({ name: attr.name }) : { name: attr.name, type: columnType({ ...attr, type: attr.type }), nullable: true };
  if (!attr.index) return { columns: [column] };
  const unique = attr.index === 'uniq';
  return { columns: [column], index: { kind: 'createIndex', table, columns: [attr.name], unique, name: indexName(table, [attr.name], unique) } };
}

function indexes(built: Built[]): CreateIndex[] {
  return built.flatMap((b) => (b.index ? [b.index] : []));
}

function addColumns(c: Cursor, table: string, column: string, args: string[]): Operation[] {
  const built = (args.length ? args.map(attribute) : [{ name: column }]).map((a) => build(c, table, a, 'add'));
  const adds: AddColumn[] = built.flatMap((b) => b.columns.map((col): AddColumn => ({ kind: 'addColumn', table, column: col })));
  return [...adds, ...indexes(built)];
}

function removeColumns(c: Cursor, table: string, column: string, args: string[]): Operation[] {
  const built = (args.length ? args.map(attribute) : [{ name: column }]).map((a) => build(c, table, a, 'remove'));
  return built.flatMap((b) => b.columns.map((col): Operation => ({ kind: 'dropColumn', table, column: col.name })));
}

function createTable(c: Cursor, table: string, args: string[]): Operation[] {
  const built = args.map(attribute).map((a) => build(c, table, a, 'create'));
  const columns = [idColumn(), ...built.flatMap((b) => b.columns), ...timestampColumns()];
  return [{ kind: 'createTable', table, columns }, ...indexes(built)];
}

/** Rails' derive_join_table_name: sorted, with a shared prefix written once (music_artists + music_records → music_artists_records). */
function joinTableName(first: string, second: string): string {
  return [first, second].sort().join('\0').replace(/^(.*_)(.+)\0\1(.+)/, '$1$2_$3').replace('\0', '_');
}

function createJoinTable(c: Cursor, args: string[]): Operation[] {
  const [first, second] = args.map((a) => a.replace(/^(['"])(.*)\1$/, '$2'));
  if (args.length !== 2 || first === undefined || second === undefined) {
    throw new MigError('name the two tables of the join table, as in "CreateJoinTableCustomerProduct customer product"', {
      code: 'BAD_DESCRIPTION',
    });
  }
  const tables = [first, second].map((t) => c.derivedName(pluralize(underscore(t))));
  const columns = tables.map((t): Column => ({ name: c.derivedName(`${pluralize.singular(t)}_id`), type: 'bigint', nullable: false }));
  return [{ kind: 'createTable', table: c.derivedName(joinTableName(tables[0] ?? '', tables[1] ?? '')), columns }];
}

function tableName(c: Cursor, snake: string): string {
  return c.derivedName(pluralize(snake));
}

export const rails: Phrase = {
  id: 'rails',
  examples: [
    'AddEmailVerifiedToUsers email_verified:boolean',
    'AddDetailsToProducts part_number:string:index price:decimal{10,2}',
    'RemovePartNumberFromProducts part_number:string',
    'CreateProducts name:string part_number:string user:references',
    'CreateJoinTableCustomerProduct customer product',
  ],
  parse(c: Cursor): Operation[] {
    const [head = '', ...args] = c.source.replace(COMMAND, '').trim().split(/\s+/);
    if (head.length > 200 || !/^[A-Za-z][A-Za-z0-9_]*$/.test(head)) noMatch();
    const snake = underscore(head);
    const add = /^add_(.+)_to_(.+)$/.exec(snake);
    if (add?.[1] && add[2]) return addColumns(c, tableName(c, add[2]), add[1], args);
    const remove = /^remove_(.+?)_from_(.+)$/.exec(snake);
    if (remove?.[1] && remove[2]) return removeColumns(c, tableName(c, remove[2]), remove[1], args);
    if (/^create_join_table(?:_|$)/.test(snake)) return createJoinTable(c, args);
    const create = /^create_(.+)$/.exec(snake);
    if (create?.[1]) return createTable(c, tableName(c, create[1]), args);
    return noMatch();
  },
};
