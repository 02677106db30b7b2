import { indexName } from '../../model/naming';
import { type Fields, as, list, names, nodes, str } from '../postgres/ast';
import { ident, sqlFix } from '../postgres/fix';
import { alterTableOf, before, isNewTable, memo, nodeOf, positionOf, relName } from '../postgres/rule-kit';
import { columnConstraints } from '../postgres/state';
import type { Rule, RuleContext, RuleHit } from '../types';

interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
}

/** The foreign keys a statement adds, and the unique / primary-key column lists it adds with them. */
function added(ctx: RuleContext): { keys: ForeignKey[]; indexed: string[][] } {
  const keys: ForeignKey[] = [];
  const indexed: string[][] = [];
  const constraint = (table: string, c: Fields, column?: string) => {
    const columns = column ? [column] : names(c['contype'] === 'CONSTR_FOREIGN' ? c['fk_attrs'] : c['keys']);
    if (c['contype'] === 'CONSTR_FOREIGN') keys.push({ table, columns, refTable: relName(c['pktable']) ?? '' });
    if (c['contype'] === 'CONSTR_PRIMARY' || c['contype'] === 'CONSTR_UNIQUE') indexed.push(columns);
  };
  const create = nodeOf(ctx.statement, 'CreateStmt');
  const created = relName(create?.['relation']);
  if (create && created) {
    for (const def of nodes(create['tableElts'], 'ColumnDef')) {
      for (const c of columnConstraints(def)) constraint(created, c, str(def['colname']));
    }
    for (const c of nodes(create['tableElts'], 'Constraint')) constraint(created, c);
  }
  const alter = alterTableOf(ctx.statement);
  for (const cmd of alter?.cmds ?? []) {
    const table = alter?.table ?? '';
    const def = as(cmd.fields['def'], 'ColumnDef');
    if (cmd.subtype === 'AT_AddColumn' && def) for (const c of columnConstraints(def)) constraint(table, c, str(def['colname']));
    const con = as(cmd.fields['def'], 'Constraint');
    if (cmd.subtype === 'AT_AddConstraint' && con) constraint(table, con);
  }
  return { keys, indexed };
}

/** Column lists of indexes created on `table` anywhere later in the text. */
function laterIndexes(ctx: RuleContext, table: string): string[][] {
  const all = memo(ctx, 'foreign-key-without-index/indexes', () => {
    const byTable = new Map<string, { position: number; columns: string[] }[]>();
    ctx.statements.forEach((s, position) => {
      const f = nodeOf(s, 'IndexStmt');
      const on = relName(f?.['relation']);
      if (!f || !on) return;
      const columns = list(f['indexParams']).map((p) => str(as(p, 'IndexElem')?.['name']) ?? '');
      const found = byTable.get(on) ?? [];
      found.push({ position, columns });
      byTable.set(on, found);
    });
    return byTable;
  });
  const position = positionOf(ctx);
  return (all.get(table) ?? []).filter((i) => i.position > position).map((i) => i.columns);
}

function startsWith(index: string[], columns: string[]): boolean {
  const lead = index.slice(0, columns.length);
  return lead.length === columns.length && columns.every((c) => lead.includes(c));
}

/**
 * PostgreSQL indexes the referenced side of a foreign key, not the referencing side: without an
 * index starting with the referencing columns, every DELETE (or key UPDATE) on the referenced
 * table scans the referencing table. Needs the schema, or the table created in the same text.
 */
export const foreignKeyWithoutIndex: Rule = {
  id: 'foreign-key-without-index',
  code: 'MIG-PG125',
  severity: 'warning',
  dialects: ['postgres'],
  summary: 'a foreign key whose referencing columns no index starts with',
  fix: 'Create an index on the referencing columns (CONCURRENTLY on an existing table).',
  check(ctx) {
    const { keys, indexed } = added(ctx);
    if (!keys.length) return [];
    const { knowledge } = before(ctx);
    const hits: RuleHit[] = [];
    for (const fk of keys) {
      const isNew = isNewTable(ctx, fk.table) || !!nodeOf(ctx.statement, 'CreateStmt');
      if (!isNew && !knowledge.table(fk.table)) continue;
      const all = [...knowledge.indexesOf(fk.table).map((i) => i.columns), ...indexed, ...laterIndexes(ctx, fk.table)];
      if (all.some((cols) => startsWith(cols, fk.columns))) continue;
      const concurrently = isNew ? '' : ' CONCURRENTLY';
      const name = indexName(fk.table, fk.columns, false);
      const create = `CREATE INDEX${concurrently} ${ident(name)} ON ${ident(fk.table)} (${fk.columns.map(ident).join(', ')});`;
      hits.push({
        message:
          `no index starts with ${fk.table} (${fk.columns.join(', ')}), the referencing side of the foreign key to ${fk.refTable}: ` +
          `every DELETE from ${fk.refTable} (and every change of its key) scans ${fk.table}`,
        fix: sqlFix(
          `Index the referencing columns${isNew ? '' : ' without blocking writes (outside a transaction block)'}`,
          `${ctx.statement.sql};\n${create}`,
        ),
      });
    }
    return hits;
  },
};
