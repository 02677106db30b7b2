import type { DialectName, OperationKind, TypeSpec } from '@mig/core';
import { jsString } from './js';

/**
 * What Sequelize does on each database, where it differs: which `Sequelize.*` type creates the
 * column mig's SQL creates, which queryInterface methods do exactly what mig's statement for an
 * operation does, and how to read a change back for the verification after up. One object per
 * database; nothing else in the adapter branches on the dialect.
 */
export interface SequelizeDialect {
  readonly name: DialectName;
  /**
   * The type expression for a portable type, as Sequelize turns it into this database's column
   * type; undefined when no Sequelize type makes the column mig's SQL makes.
   */
  type(spec: TypeSpec): string | undefined;
  /** Operation kinds whose queryInterface method runs what mig's SQL for them runs. */
  readonly native: ReadonlySet<OperationKind>;
  /** `addConstraint` adds a foreign key in place (SQLite: Sequelize rebuilds the table instead). */
  readonly addsForeignKeys: boolean;
  /** Why a phase runs outside a transaction on this database. */
  outsideTransaction(statements: string[]): string;
  readonly verify: VerifyQueries;
}

/** Read-only queries whose rows say whether an object exists; each returns one row per match. */
export interface VerifyQueries {
  table(table: string): string;
  column(table: string, column: string): string;
  nullability(table: string, column: string, nullable: boolean): string;
  index(table: string, name: string): string;
  /** the column has the type (`rendered`: mig's SQL for it); undefined when the catalog cannot tell */
  type(table: string, column: string, spec: TypeSpec, rendered: string | undefined): string | undefined;
  /** undefined where the database keeps no constraint names to query (SQLite) */
  constraint?(table: string, name: string): string;
  /** null-safe equality of two SQL expressions */
  same(a: string, b: string): string;
}

const seq = (name: string) => `Sequelize.${name}`;

/** The types every database shares; each dialect overrides where Sequelize's type differs from mig's. */
function commonType(spec: TypeSpec): string | undefined {
  switch (spec.base) {
    case 'boolean':
      return seq('BOOLEAN');
    case 'integer':
      return seq('INTEGER');
    case 'bigint':
      return seq('BIGINT');
    case 'smallint':
      return seq('SMALLINT');
    case 'string':
      return seq(`STRING(${spec.length})`);
    case 'text':
      return seq('TEXT');
    case 'decimal':
      return spec.precision === undefined ? seq('DECIMAL') : seq(`DECIMAL(${spec.precision}, ${spec.scale ?? 0})`);
    case 'double':
      return seq('DOUBLE');
    case 'date':
      return seq('DATEONLY');
    case 'time':
      return seq('TIME');
    case 'json':
      return seq('JSON');
    default:
      return undefined;
  }
}

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** information_schema.columns.data_type of each portable type on PostgreSQL. */
const PG_DATA_TYPES: Partial<Record<TypeSpec['base'], string>> = {
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  smallint: 'smallint',
  string: 'character varying',
  text: 'text',
  decimal: 'numeric',
  float: 'real',
  double: 'double precision',
  date: 'date',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  binary: 'bytea',
  enum: 'USER-DEFINED',
};

/** The same on MySQL/MariaDB (json is longtext on MariaDB and json on MySQL: not checked). */
const MYSQL_DATA_TYPES: Partial<Record<TypeSpec['base'], string>> = {
  boolean: 'tinyint',
  integer: 'int',
  bigint: 'bigint',
  smallint: 'smallint',
  string: 'varchar',
  text: 'text',
  decimal: 'decimal',
  float: 'float',
  double: 'double',
  date: 'date',
  time: 'time',
  timestamp: 'datetime',
  timestamptz: 'timestamp',
  uuid: 'char',
  binary: 'longblob',
  enum: 'enum',
};

/** The length or precision conditions of a type, in information_schema.columns terms. */
function sizeOf(spec: TypeSpec): string {
  if (spec.base === 'string') return ` AND character_maximum_length = ${spec.length}`;
  if (spec.base === 'decimal' && spec.precision !== undefined) return ` AND numeric_precision = ${spec.precision} AND numeric_scale = ${spec.scale ?? 0}`;
  return '';
}

const postgres: SequelizeDialect = {
  name: 'postgres',
  type(spec) {
    const own: Partial<Record<TypeSpec['base'], string>> = {
      // Sequelize.FLOAT is double precision on PostgreSQL; mig's float is real
      float: seq('REAL'),
      // Sequelize.DATE is timestamp with time zone; no Sequelize type is timestamp without one
      timestamp: jsString('timestamp'),
      timestamptz: seq('DATE'),
      uuid: seq('UUID'),
      jsonb: seq('JSONB'),
      binary: seq('BLOB'),
    };
    // enum: Sequelize creates its own type (enum_<table>_<column>) and leaves it behind on removeColumn
    if (spec.base === 'enum') return undefined;
    return own[spec.base] ?? commonType(spec);
  },
  native: new Set<OperationKind>([
    'createTable',
    'dropTable',
    'renameTable',
    'addColumn',
    'dropColumn',
    'renameColumn',
    'createIndex',
    'dropIndex',
    'addForeignKey',
    'dropForeignKey',
    'dropCheck',
    'backfill',
  ]),
  addsForeignKeys: true,
  outsideTransaction(statements) {
    if (statements.some((s) => /\bCONCURRENTLY\b/i.test(s))) {
      return 'CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block';
    }
    return 'each statement commits on its own, so no lock is held longer than its statement';
  },
  verify: {
    table: (t) => `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ${sqlText(t)}`,
    column: (t, c) =>
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)}`,
    nullability: (t, c, nullable) =>
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)} AND is_nullable = '${nullable ? 'YES' : 'NO'}'`,
    type: (t, c, spec) => {
      const name = PG_DATA_TYPES[spec.base];
      return name && `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)} AND data_type = ${sqlText(name)}${sizeOf(spec)}`;
    },
    index: (t, i) => `SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ${sqlText(t)} AND indexname = ${sqlText(i)}`,
    constraint: (t, n) =>
      `SELECT 1 FROM information_schema.table_constraints WHERE constraint_schema = current_schema() AND table_name = ${sqlText(t)} AND constraint_name = ${sqlText(n)}`,
    same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  },
};

const mysql: SequelizeDialect = {
  name: 'mysql',
  type(spec) {
    const own: Partial<Record<TypeSpec['base'], string>> = {
      float: seq('FLOAT'),
      timestamp: seq('DATE'),
      // Sequelize.DATE is DATETIME here; mig's timestamptz is TIMESTAMP
      timestamptz: jsString('timestamp'),
      // Sequelize.UUID is CHAR(36) BINARY; mig's uuid is char(36)
      uuid: seq('CHAR(36)'),
      jsonb: seq('JSON'),
      binary: seq("BLOB('long')"),
    };
    if (spec.base === 'enum') return `Sequelize.ENUM(${(spec.values ?? []).map(jsString).join(', ')})`;
    return own[spec.base] ?? commonType(spec);
  },
  // renameColumn: Sequelize rewrites the whole column from describeTable (CHANGE), losing what that
  // omits; removeConstraint drops an index for anything but a foreign key; a dropped foreign key
  // may leave the index InnoDB made for it. Those run mig's SQL.
  native: new Set<OperationKind>([
    'createTable',
    'dropTable',
    'renameTable',
    'addColumn',
    'dropColumn',
    'createIndex',
    'dropIndex',
    'addForeignKey',
    'backfill',
  ]),
  addsForeignKeys: true,
  outsideTransaction: () => 'MySQL/MariaDB commit every DDL statement at once: a transaction could not roll it back',
  verify: {
    table: (t) => `SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ${sqlText(t)}`,
    column: (t, c) =>
      `SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)}`,
    nullability: (t, c, nullable) =>
      `SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)} AND is_nullable = '${nullable ? 'YES' : 'NO'}'`,
    type: (t, c, spec) => {
      const name = MYSQL_DATA_TYPES[spec.base];
      return name && `SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ${sqlText(t)} AND column_name = ${sqlText(c)} AND data_type = ${sqlText(name)}${sizeOf(spec)}`;
    },
    index: (t, i) =>
      `SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ${sqlText(t)} AND index_name = ${sqlText(i)}`,
    constraint: (t, n) =>
      `SELECT 1 FROM information_schema.table_constraints WHERE constraint_schema = DATABASE() AND table_name = ${sqlText(t)} AND constraint_name = ${sqlText(n)}`,
    same: (a, b) => `${a} <=> ${b}`,
  },
};

const sqlite: SequelizeDialect = {
  name: 'sqlite',
  type(spec) {
    const own: Partial<Record<TypeSpec['base'], string>> = {
      // Sequelize writes TINYINT(1) and DOUBLE PRECISION here; mig writes BOOLEAN and DOUBLE
      boolean: jsString('BOOLEAN'),
      double: jsString('DOUBLE'),
      float: seq('REAL'),
      timestamp: seq('DATE'),
      timestamptz: jsString('TIMESTAMPTZ'),
      uuid: seq('UUID'),
      jsonb: jsString('JSONB'),
      binary: seq('BLOB'),
    };
    // enum: mig adds a CHECK of the values, Sequelize a bare TEXT
    if (spec.base === 'enum') return undefined;
    return own[spec.base] ?? commonType(spec);
  },
  // removeColumn, renameColumn, changeColumn and addConstraint rebuild the table from
  // describeTable, which drops its foreign keys and checks: those run mig's SQL.
  native: new Set<OperationKind>(['createTable', 'dropTable', 'renameTable', 'addColumn', 'createIndex', 'dropIndex', 'backfill']),
  addsForeignKeys: false,
  outsideTransaction: () => 'its statements commit one by one',
  verify: {
    table: (t) => `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${sqlText(t)}`,
    column: (t, c) => `SELECT 1 FROM pragma_table_info(${sqlText(t)}) WHERE name = ${sqlText(c)}`,
    nullability: (t, c, nullable) => `SELECT 1 FROM pragma_table_info(${sqlText(t)}) WHERE name = ${sqlText(c)} AND "notnull" = ${nullable ? 0 : 1}`,
    type: (t, c, _spec, rendered) =>
      rendered && `SELECT 1 FROM pragma_table_info(${sqlText(t)}) WHERE name = ${sqlText(c)} AND upper(type) = upper(${sqlText(rendered)})`,
    index: (_t, i) => `SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ${sqlText(i)}`,
    same: (a, b) => `${a} IS ${b}`,
  },
};

export const SEQUELIZE_DIALECTS: Record<DialectName, SequelizeDialect> = { postgres, mysql, sqlite };
