/**
 * ALTER TABLE, subcommand by subcommand: the lock each takes (AlterTableGetLockLevel in
 * PostgreSQL's tablecmds.c), whether it rewrites the table, and whether it reads every row.
 */
import { type Fields, as, bool, columnRefName, constValue, list, nodes, str, unwrap } from './ast';
import { type Ctx, PASS_SCHEMA, relName } from './description';
import { volatility } from './expressions';
import { type PgType, SERIAL_TYPES, type TypeChangeContext, formatPgType, typeChange, typeFromNode, typeSpelling } from './pg-types';
import { type KnownConstraint, Knowledge, columnConstraints } from './state';

type SubcommandDescriber = (table: string, cmd: Fields, ctx: Ctx) => void;

export function alterTable(f: Fields, ctx: Ctx): void {
  const table = relName(f['relation']);
  const objtype = str(f['objtype']);
  const cmds = nodes(f['cmds'], 'AlterTableCmd');
  for (const c of cmds) ctx.d.kinds.push(String(c['subtype']));
  if (!table) return;
  if (objtype !== 'OBJECT_TABLE') {
    ctx.d.touch(table);
    ctx.d.note(`the locks ALTER ${String(objtype).replace('OBJECT_', '')} takes are not modelled; none are listed`);
    return;
  }
  for (const cmd of cmds) {
    const subtype = String(cmd['subtype']);
    const describe = SUBCOMMANDS[subtype];
    if (describe) describe(table, cmd, ctx);
    else {
      // PostgreSQL's default for ALTER TABLE subcommands (AlterTableGetLockLevel).
      ctx.d.lock(table, 'ACCESS EXCLUSIVE');
      ctx.d.note(`${subtype} is assumed to take ACCESS EXCLUSIVE, PostgreSQL's default for ALTER TABLE`);
    }
  }
}

const accessExclusive: SubcommandDescriber = (table, _cmd, { d }) => d.lock(table, 'ACCESS EXCLUSIVE');
const shareUpdateExclusive: SubcommandDescriber = (table, _cmd, { d }) => d.lock(table, 'SHARE UPDATE EXCLUSIVE');
const shareRowExclusive: SubcommandDescriber = (table, _cmd, { d }) => d.lock(table, 'SHARE ROW EXCLUSIVE');
const rewriting: SubcommandDescriber = (table, _cmd, { d }) => {
  d.lock(table, 'ACCESS EXCLUSIVE');
  d.rewrite = true;
  d.scan = true;
};

/** Storage parameters PostgreSQL changes under SHARE UPDATE EXCLUSIVE (reloptions.c); the rest take ACCESS EXCLUSIVE. */
const LIGHT_RELOPTIONS = /^(?:toast\.)?(?:autovacuum_.*|fillfactor|toast_tuple_target|parallel_workers|log_autovacuum_min_duration|vacuum_index_cleanup|vacuum_truncate)$/;

const SUBCOMMANDS: Record<string, SubcommandDescriber> = {
  AT_AddColumn: addColumn,
  AT_DropColumn: dropColumn,
  AT_AlterColumnType: alterColumnType,
  AT_SetNotNull: setNotNull,
  AT_DropNotNull: accessExclusive,
  AT_ColumnDefault: accessExclusive,
  AT_AddConstraint: addConstraint,
  AT_ValidateConstraint: validateConstraint,
  AT_DropConstraint: dropConstraint,
  AT_AttachPartition: attachPartition,
  AT_DetachPartition: detachPartition,
  AT_SetStatistics: shareUpdateExclusive,
  AT_SetOptions: shareUpdateExclusive,
  AT_ResetOptions: shareUpdateExclusive,
  AT_ClusterOn: shareUpdateExclusive,
  AT_DropCluster: shareUpdateExclusive,
  AT_SetRelOptions: relOptions,
  AT_ResetRelOptions: relOptions,
  AT_EnableTrig: shareRowExclusive,
  AT_EnableAlwaysTrig: shareRowExclusive,
  AT_EnableReplicaTrig: shareRowExclusive,
  AT_DisableTrig: shareRowExclusive,
  AT_EnableTrigAll: shareRowExclusive,
  AT_DisableTrigAll: shareRowExclusive,
  AT_EnableTrigUser: shareRowExclusive,
  AT_DisableTrigUser: shareRowExclusive,
  AT_SetLogged: rewriting,
  AT_SetUnLogged: rewriting,
  AT_SetAccessMethod: rewriting,
  AT_SetTableSpace: rewriting,
  AT_SetStorage: accessExclusive,
  AT_SetCompression: accessExclusive,
  AT_AddIdentity: accessExclusive,
  AT_SetIdentity: accessExclusive,
  AT_DropIdentity: accessExclusive,
  AT_DropExpression: accessExclusive,
  AT_ChangeOwner: accessExclusive,
  AT_ReplicaIdentity: accessExclusive,
  AT_EnableRowSecurity: accessExclusive,
  AT_DisableRowSecurity: accessExclusive,
  AT_ForceRowSecurity: accessExclusive,
  AT_NoForceRowSecurity: accessExclusive,
  AT_AlterConstraint: accessExclusive,
  AT_EnableRule: accessExclusive,
  AT_DisableRule: accessExclusive,
  AT_GenericOptions: accessExclusive,
};

function relOptions(table: string, cmd: Fields, { d }: Ctx): void {
  const options = list(cmd['def']).map((o) => {
    const e = as(o, 'DefElem');
    return [str(e?.['defnamespace']), str(e?.['defname'])].filter(Boolean).join('.');
  });
  d.lock(table, options.every((o) => LIGHT_RELOPTIONS.test(o)) ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
}

export interface ColumnDefinition {
  name: string;
  serial: boolean;
  identity: boolean;
  storedGenerated: boolean;
  notNull: boolean;
  /** the DEFAULT expression, when given and not NULL */
  default?: unknown;
  unique: boolean;
  primaryKey: boolean;
  check: boolean;
  references: Fields[];
}

export function columnDefinition(def: Fields): ColumnDefinition {
  const col: ColumnDefinition = {
    name: str(def['colname']) ?? '',
    serial: SERIAL_TYPES.has(typeSpelling(def['typeName'])),
    identity: false,
    storedGenerated: false,
    notNull: false,
    default: undefined,
    unique: false,
    primaryKey: false,
    check: false,
    references: [],
  };
  for (const c of columnConstraints(def)) {
    switch (c['contype']) {
      case 'CONSTR_IDENTITY':
        col.identity = true;
        break;
      case 'CONSTR_GENERATED':
        col.storedGenerated ||= c['generated_kind'] !== 'v';
        break;
      case 'CONSTR_PRIMARY':
        col.primaryKey = true;
        col.notNull = true;
        break;
      case 'CONSTR_NOTNULL':
        col.notNull = true;
        break;
      case 'CONSTR_UNIQUE':
        col.unique = true;
        break;
      case 'CONSTR_CHECK':
        col.check = true;
        break;
      case 'CONSTR_FOREIGN':
        col.references.push(c);
        break;
      case 'CONSTR_DEFAULT': {
        const expr = c['raw_expr'];
        if (constValue(as(expr, 'TypeCast')?.['arg'] ?? expr) !== null) col.default = expr;
      }
    }
  }
  return col;
}

/** Why ADD COLUMN rewrites the table, or undefined when it does not. */
export function addColumnRewrite(col: ColumnDefinition, version: number, notes: string[] = []): string | undefined {
  if (col.serial) return 'a serial column fills every existing row from its sequence';
  if (col.identity) return 'an identity column fills every existing row from its sequence';
  if (col.storedGenerated) return 'a stored generated column computes a value for every existing row';
  if (col.default === undefined) return undefined;
  const v = volatility(col.default);
  if (v.unknown.length) {
    notes.push(
      `the volatility of ${v.unknown.map((n) => `${n}()`).join(', ')} is not known; assumed volatile, so the default rewrites the table`,
    );
  }
  if (v.assumed) {
    return `the default calls ${v.culprit}, whose volatility is not known, so it is assumed volatile and every existing row gets its own value`;
  }
  if (v.volatile) return `the default ${v.culprit} is volatile, so every existing row gets its own value`;
  if (version < 11) return 'before PostgreSQL 11 any non-null default is written into every existing row';
  return undefined;
}

function addColumn(table: string, cmd: Fields, { d, version }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  const def = as(cmd['def'], 'ColumnDef');
  if (!def) return;
  const col = columnDefinition(def);
  if (col.identity) d.requires('an identity column', 10, version);
  if (col.storedGenerated) d.requires('a stored generated column', 12, version);
  const notes: string[] = [];
  if (addColumnRewrite(col, version, notes)) {
    d.rewrite = true;
    d.scan = true;
  }
  notes.forEach((n) => d.note(n));
  const filled = col.default !== undefined || col.serial || col.identity || col.storedGenerated;
  // NOT NULL without a value to fill is checked row by row (and fails on a table with rows);
  // a new CHECK or UNIQUE is verified against every row; a foreign key only when rows get a value.
  if ((col.notNull && !filled) || col.check || col.unique || col.primaryKey) d.scan = true;
  for (const ref of col.references) {
    d.lock(relName(ref['pktable']), 'SHARE ROW EXCLUSIVE');
    if (col.default !== undefined) d.scan = true;
  }
}

function dropColumn(table: string, cmd: Fields, { d, k }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  const column = str(cmd['name']) ?? '';
  const cascade = cmd['behavior'] === 'DROP_CASCADE';
  if (!k.table(table)) return;
  // Dropping a column drops the foreign keys on it, and their triggers on the other table.
  for (const fk of k.constraintsOf(table)) {
    if (fk.kind === 'foreign' && fk.columns.includes(column)) d.lock(fk.refTable, 'ACCESS EXCLUSIVE');
  }
  if (cascade) {
    for (const fk of k.foreignKeysTo(table)) if (fk.refColumns?.includes(column)) d.lock(fk.table, 'ACCESS EXCLUSIVE');
  }
}

/**
 * The casts of a USING expression that only casts the column (`c`, `c::text`, `c::text::varchar(9)`),
 * innermost first; undefined for any other expression, which computes every value anew.
 */
function usingCasts(using: unknown, column: string): PgType[] | undefined {
  if (using === undefined) return [];
  const cast = as(using, 'TypeCast');
  if (!cast) return unwrap(using)?.type === 'ColumnRef' && columnRefName(using) === column ? [] : undefined;
  const inner = usingCasts(cast['arg'], column);
  return inner && [...inner, typeFromNode(cast['typeName'])];
}

export interface ColumnTypeChange {
  column: string;
  from?: PgType;
  to: PgType;
  rewrite: boolean;
  /** why, in a few words */
  reason: string;
  /** what was assumed */
  note?: string;
}

/** What an ALTER COLUMN … TYPE subcommand does to the column, given what is known of it. */
export function columnTypeChange(
  k: Knowledge,
  table: string,
  cmd: Fields,
  ctx: { version: number; timeZone?: string },
): ColumnTypeChange | undefined {
  const column = str(cmd['name']) ?? '';
  const def = as(cmd['def'], 'ColumnDef');
  if (!def) return undefined;
  const to = typeFromNode(def['typeName']);
  const from = k.column(table, column)?.type;
  const known = from ? { from } : {};
  const casts = usingCasts(def['raw_default'], column);
  if (!casts) return { column, ...known, to, rewrite: true, reason: 'its USING expression computes every value anew' };
  if (!from) {
    return {
      column,
      to,
      rewrite: true,
      reason: `the current type is unknown, so a rewrite is assumed; ${PASS_SCHEMA}`,
      note: `the current type of ${table}.${column} is unknown (${PASS_SCHEMA}); assumed the change to ${formatPgType(to)} rewrites the table`,
    };
  }
  // Each cast is a step of its own: a cast to text drops varchar's length, so text → varchar(n) must check every value.
  const steps = [from, ...casts, to];
  const context: TypeChangeContext = { version: ctx.version };
  if (ctx.timeZone) context.timeZone = ctx.timeZone;
  const changes = steps.slice(1).map((next, i) => typeChange(steps[i] as PgType, next, context));
  const rewriting = changes.find((c) => c.rewrite);
  const note = changes.find((c) => c.note)?.note;
  const extra = note ? { note } : {};
  if (!rewriting) return { column, from, to, rewrite: false, reason: typeChange(from, to, context).reason, ...extra };
  const using = casts.map((t) => `::${formatPgType(t)}`).join('');
  const reason = casts.length ? `through USING ${using}: ${rewriting.reason}` : rewriting.reason;
  return { column, from, to, rewrite: true, reason, ...extra };
}

function alterColumnType(table: string, cmd: Fields, { d, k, version, timeZone }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  const change = columnTypeChange(k, table, cmd, timeZone ? { version, timeZone } : { version });
  if (!change) return;
  const { column, rewrite } = change;
  if (change.note) d.note(change.note);
  if (rewrite) {
    d.rewrite = true;
    d.scan = true;
  }
  if (!k.table(table)) return;
  // CHECK constraints on the column are re-added and verified against every row.
  if (k.constraintsOf(table).some((c) => c.kind === 'check' && k.checkColumns(c).includes(column))) d.scan = true;
  // Foreign keys on the column, either side, are dropped and re-added: both tables are locked,
  // and a referencing table is re-validated when the values change.
  for (const fk of k.constraintsOf(table)) {
    if (fk.kind === 'foreign' && fk.columns.includes(column)) d.lock(fk.refTable, 'ACCESS EXCLUSIVE');
  }
  for (const fk of k.foreignKeysTo(table)) {
    if (!fk.refColumns?.includes(column) || fk.table === table) continue;
    d.lock(fk.table, 'ACCESS EXCLUSIVE');
    if (rewrite) d.scan = true;
  }
}

function setNotNull(table: string, cmd: Fields, { d, k, version }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  const column = str(cmd['name']) ?? '';
  const known = k.column(table, column);
  if (known?.notNull) return;
  if (!k.table(table)) {
    d.scan = true;
    if (version >= 12) {
      d.note(`whether a validated CHECK (${column} IS NOT NULL) exists on ${table} is unknown (${PASS_SCHEMA}); assumed SET NOT NULL scans the table`);
    }
    return;
  }
  if (version < 12) {
    d.scan = true;
    return;
  }
  const proof = k.provesNotNull(table, column);
  if (!proof.proved) d.scan = true;
  else if (proof.by?.validated === undefined) {
    d.note(`CHECK ${proof.by?.name} from the schema is assumed validated, so SET NOT NULL skips the scan`);
  }
}

function addConstraint(table: string, cmd: Fields, ctx: Ctx): void {
  const { d } = ctx;
  const con = as(cmd['def'], 'Constraint');
  if (!con) return;
  const type = str(con['contype']);
  const validate = !bool(con['skip_validation']);
  switch (type) {
    case 'CONSTR_FOREIGN':
      d.lock(table, 'SHARE ROW EXCLUSIVE');
      d.lock(relName(con['pktable']), 'SHARE ROW EXCLUSIVE');
      if (validate) d.scan = true;
      return;
    case 'CONSTR_CHECK':
      d.lock(table, 'ACCESS EXCLUSIVE');
      if (validate) d.scan = true;
      return;
    case 'CONSTR_UNIQUE':
    case 'CONSTR_PRIMARY': {
      d.lock(table, 'ACCESS EXCLUSIVE');
      const indexName = str(con['indexname']);
      if (!indexName) {
        d.scan = true;
        return;
      }
      if (type === 'CONSTR_PRIMARY') primaryKeyUsingIndex(table, indexName, ctx);
      return;
    }
    default:
      d.lock(table, 'ACCESS EXCLUSIVE');
      d.scan = true;
  }
}

/** ADD PRIMARY KEY USING INDEX sets its columns NOT NULL, which scans unless they already are. */
function primaryKeyUsingIndex(table: string, indexName: string, { d, k }: Ctx): void {
  const index = k.index(indexName);
  if (!index) {
    d.scan = true;
    d.note(`the columns of index ${indexName} are unknown (${PASS_SCHEMA}); assumed the primary key must check them for NULLs`);
    return;
  }
  if (index.columns.some((c) => !k.column(table, c)?.notNull)) d.scan = true;
}

function validateConstraint(table: string, cmd: Fields, { d, k }: Ctx): void {
  d.lock(table, 'SHARE UPDATE EXCLUSIVE');
  const name = str(cmd['name']) ?? '';
  const con = k.constraint(table, name);
  if (con?.validated === true) return;
  d.scan = true;
  if (con?.kind === 'foreign') d.lock(con.refTable, 'ROW SHARE');
  else if (!con) {
    d.note(`constraint ${name} is unknown (${PASS_SCHEMA}); if it is a foreign key, its referenced table is locked ROW SHARE too`);
  }
}

function dropConstraint(table: string, cmd: Fields, { d, k }: Ctx): void {
  d.lock(table, 'ACCESS EXCLUSIVE');
  const name = str(cmd['name']) ?? '';
  const con = k.constraint(table, name);
  if (!con) {
    if (!k.table(table)?.created) {
      d.note(`constraint ${name} is unknown (${PASS_SCHEMA}); if it is a foreign key, its referenced table is locked ACCESS EXCLUSIVE too`);
    }
    return;
  }
  if (con.kind === 'foreign') d.lock(con.refTable, 'ACCESS EXCLUSIVE');
  if ((con.kind === 'unique' || con.kind === 'primary') && cmd['behavior'] === 'DROP_CASCADE') {
    for (const fk of dependentForeignKeys(k, con)) d.lock(fk.table, 'ACCESS EXCLUSIVE');
  }
}

function dependentForeignKeys(k: Knowledge, key: KnownConstraint): KnownConstraint[] {
  return k
    .foreignKeysTo(key.table)
    .filter((fk) => fk.refColumns?.length === key.columns.length && fk.refColumns.every((c) => key.columns.includes(c)));
}

function attachPartition(table: string, cmd: Fields, { d, version }: Ctx): void {
  d.lock(table, version >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
  d.lock(relName(as(cmd['def'], 'PartitionCmd')?.['name']), 'ACCESS EXCLUSIVE');
  // The partition's rows are checked against the partition bound.
  d.scan = true;
}

/**
 * DETACH PARTITION CONCURRENTLY (PostgreSQL 14) holds SHARE UPDATE EXCLUSIVE on both while it
 * waits for queries using the partition, then ACCESS EXCLUSIVE on the partition to finish.
 */
function detachPartition(table: string, cmd: Fields, { d, version }: Ctx): void {
  const part = as(cmd['def'], 'PartitionCmd');
  const concurrent = bool(part?.['concurrent']) && d.requires('DETACH PARTITION CONCURRENTLY', 14, version);
  d.lock(table, concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE');
  d.lock(relName(part?.['name']), 'ACCESS EXCLUSIVE');
  if (concurrent) d.transactional = false;
}
