import type { Operation } from './operations';
import { type Column, type DefaultValue, isSqlExpression } from './schema';

function value(v: DefaultValue | null): string {
  if (v === null) return 'NULL';
  if (isSqlExpression(v)) return v.sql;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return String(v);
}

/** A column as a person reads it: `email_verified boolean NOT NULL DEFAULT false`. */
export function describeColumn(c: Column): string {
  const parts = [c.name, c.type];
  if (c.primaryKey) parts.push('PRIMARY KEY');
  if (c.autoIncrement) parts.push('GENERATED');
  if (!c.nullable && !c.primaryKey) parts.push('NOT NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${value(c.default)}`);
  if (c.unique) parts.push('UNIQUE');
  if (c.references) {
    parts.push(`REFERENCES ${c.references.table}(${c.references.column})`);
    if (c.references.onDelete) parts.push(`ON DELETE ${c.references.onDelete.toUpperCase()}`);
  }
  return parts.join(' ');
}

/** One line per operation, for the readable plan, the demo and the report. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
      return `create table ${op.table} (${op.columns.map(describeColumn).join(', ')})`;
    case 'dropTable':
      return `drop table ${op.table}`;
    case 'renameTable':
      return `rename table ${op.from} to ${op.to}`;
    case 'addColumn':
      return `add column ${op.table}.${describeColumn(op.column)}`;
    case 'dropColumn':
      return `drop column ${op.table}.${op.column}`;
    case 'renameColumn':
      return `rename column ${op.table}.${op.from} to ${op.to}`;
    case 'alterColumnType':
      return `change type of ${op.table}.${op.column} to ${op.type}`;
    case 'setNotNull':
      return `make ${op.table}.${op.column} NOT NULL`;
    case 'dropNotNull':
      return `make ${op.table}.${op.column} nullable`;
    case 'setDefault':
      return `set default of ${op.table}.${op.column} to ${value(op.default)}`;
    case 'dropDefault':
      return `drop default of ${op.table}.${op.column}`;
    case 'createIndex':
      return `create ${op.unique ? 'unique ' : ''}index ${op.name} on ${op.table}(${op.columns.join(', ')})`;
    case 'dropIndex':
      return `drop index ${op.name}${op.table ? ` on ${op.table}` : ''}`;
    case 'addForeignKey':
      return `add foreign key ${op.name} ${op.table}(${op.columns.join(', ')}) references ${op.refTable}(${op.refColumns.join(', ')})${
        op.onDelete ? ` on delete ${op.onDelete}` : ''
      }`;
    case 'dropForeignKey':
      return `drop foreign key ${op.name} from ${op.table}`;
    case 'addCheck':
      return `add check ${op.name} (${op.expression}) on ${op.table}`;
    case 'dropCheck':
      return `drop check ${op.name} from ${op.table}`;
    case 'backfill':
      return `backfill ${op.table} set ${Object.entries(op.set)
        .map(([k, v]) => `${k} = ${value(v)}`)
        .join(', ')}${op.where ? ` where ${op.where}` : ''}`;
    case 'sql':
      return `run SQL: ${op.up.split('\n')[0]}`;
  }
}
