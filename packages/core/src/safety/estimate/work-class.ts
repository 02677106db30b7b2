import type { StatementFacts } from '../types';

/**
 * The kinds of work the timing model knows, each with its own calibrated constants:
 * - `rewrite`: a table copy with every index rebuilt (ALTER COLUMN TYPE, volatile ADD COLUMN default, …);
 * - `indexBuild`: CREATE INDEX under lock (also REINDEX, and ADD UNIQUE / PRIMARY KEY built in place);
 * - `concurrentIndexBuild`: CREATE INDEX CONCURRENTLY (two table scans, no write lock);
 * - `validationScan`: a full read under lock: VALIDATE CONSTRAINT, SET NOT NULL, CHECK or FOREIGN KEY
 *   added without NOT VALID (a foreign key also reads the referenced table);
 * - `backfill`: UPDATE of every row, in batches;
 * - `metadata`: a catalog-only change, constant time once its lock is granted.
 */
export type WorkClass = 'rewrite' | 'indexBuild' | 'concurrentIndexBuild' | 'validationScan' | 'backfill' | 'metadata';

export const WORK_CLASSES: readonly WorkClass[] = [
  'rewrite',
  'indexBuild',
  'concurrentIndexBuild',
  'validationScan',
  'backfill',
  'metadata',
];

/** Statement kinds that only change the catalog unless the analyzer says they rewrite or scan. */
const CATALOG_KINDS = new Set([
  'AlterTableStmt',
  'RenameStmt',
  'CreateStmt',
  'CommentStmt',
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'ViewStmt',
  'CreateFunctionStmt',
  'CreateTrigStmt',
  'CreateSchemaStmt',
  'AlterObjectSchemaStmt',
  'AlterOwnerStmt',
  'GrantStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
]);

/**
 * The work class of one statement, or undefined when it does no table work the model knows (SET,
 * BEGIN, SELECT, an unparsable statement). In order:
 * - TRUNCATE and DROP only unlink files, whatever a new relfilenode makes the `rewrite` flag say;
 * - index builds (CREATE INDEX, REINDEX, a planned createIndex) before the flags, since REINDEX gives
 *   the index a new relfilenode and every build scans;
 * - the analyzer's `rewrite` flag;
 * - ADD UNIQUE / PRIMARY KEY built in place (PostgreSQL) or ADD INDEX (MySQL) in an ALTER TABLE;
 * - UPDATE and planned backfills;
 * - the analyzer's `scan` flag;
 * - what is left of a typed change (other than raw `sql`) or a DDL kind is catalog-only.
 * Kinds are read tolerantly: libpg-query node names with ALTER TABLE subtypes after a slash
 * (`IndexStmt`, `AlterTableStmt/AT_AddColumn,AT_SetNotNull`), or the leading words the MySQL and
 * SQLite analyzers use (`CREATE UNIQUE INDEX`, `ALTER TABLE/addIndex`, `UPDATE`); the parser's node
 * is read for CONCURRENTLY and for the constraint an ALTER TABLE adds.
 */
export function workClassOf(facts: StatementFacts): WorkClass | undefined {
  if (facts.parseError !== undefined) return undefined;
  const [head = '', subtypes = ''] = facts.kind.split('/');
  if (head === 'TruncateStmt' || head === 'DropStmt' || /^(TRUNCATE|DROP)\b/i.test(head)) return 'metadata';
  if (isIndexStatement(facts, head)) return isConcurrent(facts) ? 'concurrentIndexBuild' : 'indexBuild';
  if (facts.rewrite) return 'rewrite';
  if (buildsIndexInAlter(facts, subtypes)) return 'indexBuild';
  if (facts.change?.kind === 'backfill' || head === 'UpdateStmt' || /^UPDATE\b/i.test(head)) return 'backfill';
  if (facts.scan) return 'validationScan';
  if (facts.change && facts.change.kind !== 'sql') return 'metadata';
  return CATALOG_KINDS.has(head) || /^(CREATE|ALTER|RENAME|COMMENT)\b/i.test(head) ? 'metadata' : undefined;
}

function isIndexStatement(facts: StatementFacts, head: string): boolean {
  if (facts.change?.kind === 'createIndex') return true;
  return head === 'IndexStmt' || head === 'ReindexStmt' || /^(CREATE (UNIQUE )?INDEX|REINDEX)\b/i.test(head);
}

function buildsIndexInAlter(facts: StatementFacts, subtypes: string): boolean {
  if (subtypes.split(',').some((s) => s === 'addIndex' || s === 'addPrimaryKey')) return true;
  return addedConstraints(facts.node).some(
    (c) => (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname,
  );
}

function isConcurrent(facts: StatementFacts): boolean {
  if (/concurrent/i.test(facts.kind)) return true;
  const node = record(facts.node);
  if (record(node?.IndexStmt)?.concurrent === true) return true;
  const params = record(node?.ReindexStmt)?.params;
  return Array.isArray(params) && params.some((p) => record(record(p)?.DefElem)?.defname === 'concurrently');
}

/** The libpg-query `Constraint` nodes an ALTER TABLE adds (`ADD CONSTRAINT …`). */
export function addedConstraints(node: unknown): Record<string, unknown>[] {
  const cmds = record(record(node)?.AlterTableStmt)?.cmds;
  if (!Array.isArray(cmds)) return [];
  return cmds.flatMap((cmd) => {
    const c = record(record(cmd)?.AlterTableCmd);
    const constraint = c?.subtype === 'AT_AddConstraint' ? record(record(c.def)?.Constraint) : undefined;
    return constraint ? [constraint] : [];
  });
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
