import type { Column, DefaultValue, ReferentialAction } from './schema';

/**
 * The operations mig plans, with the exact kinds and fields of the `mig plan --json` contract
 * (ARCHITECTURE.md). Every stage after the grammar works on these, never on text.
 */
export type Operation =
  | CreateTable
  | DropTable
  | RenameTable
  | AddColumn
  | DropColumn
  | RenameColumn
  | AlterColumnType
  | SetNotNull
  | DropNotNull
  | SetDefault
  | DropDefault
  | CreateIndex
  | DropIndex
  | AddForeignKey
  | DropForeignKey
  | AddCheck
  | DropCheck
  | Backfill
  | RawSql;

export interface CreateTable {
  kind: 'createTable';
  table: string;
  columns: Column[];
}
export interface DropTable {
  kind: 'dropTable';
  table: string;
}
export interface RenameTable {
  kind: 'renameTable';
  from: string;
  to: string;
}
export interface AddColumn {
  kind: 'addColumn';
  table: string;
  column: Column;
}
export interface DropColumn {
  kind: 'dropColumn';
  table: string;
  column: string;
}
export interface RenameColumn {
  kind: 'renameColumn';
  table: string;
  from: string;
  to: string;
}
export interface AlterColumnType {
  kind: 'alterColumnType';
  table: string;
  column: string;
  type: string;
}
export interface SetNotNull {
  kind: 'setNotNull';
  table: string;
  column: string;
}
export interface DropNotNull {
  kind: 'dropNotNull';
  table: string;
  column: string;
}
export interface SetDefault {
  kind: 'setDefault';
  table: string;
  column: string;
  default: DefaultValue;
}
export interface DropDefault {
  kind: 'dropDefault';
  table: string;
  column: string;
}
export interface CreateIndex {
  kind: 'createIndex';
  table: string;
  columns: string[];
  unique: boolean;
  name: string;
}
export interface DropIndex {
  kind: 'dropIndex';
  name: string;
  table?: string;
  columns?: string[];
}
export interface AddForeignKey {
  kind: 'addForeignKey';
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  /** only set when recreating an introspected foreign key that had an ON UPDATE action */
  onUpdate?: ReferentialAction;
  name: string;
}
export interface DropForeignKey {
  kind: 'dropForeignKey';
  table: string;
  name: string;
}
export interface AddCheck {
  kind: 'addCheck';
  table: string;
  name: string;
  expression: string;
}
export interface DropCheck {
  kind: 'dropCheck';
  table: string;
  name: string;
}
/** `UPDATE table SET col = value, ... [WHERE where]`; values are literals or SQL expressions. */
export interface Backfill {
  kind: 'backfill';
  table: string;
  set: Record<string, DefaultValue | null>;
  where?: string;
}
export interface RawSql {
  kind: 'sql';
  up: string;
  down?: string;
}

export type OperationKind = Operation['kind'];

export const OPERATION_KINDS: readonly OperationKind[] = [
  'createTable',
  'dropTable',
  'renameTable',
  'addColumn',
  'dropColumn',
  'renameColumn',
  'alterColumnType',
  'setNotNull',
  'dropNotNull',
  'setDefault',
  'dropDefault',
  'createIndex',
  'dropIndex',
  'addForeignKey',
  'dropForeignKey',
  'addCheck',
  'dropCheck',
  'backfill',
  'sql',
];

export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** Operations that destroy data a down cannot bring back from the schema alone. */
export function isDestructive(op: Operation): boolean {
  return op.kind === 'dropTable' || op.kind === 'dropColumn';
}
