/** What a statement changes in the database, recorded for the statements after it. */
import { type Fields, as, bool, lastName, list, nodes, str, typeOf } from './ast';
import { relName } from './description';
import { typeFromNode } from './pg-types';
import { type KnownConstraint, Knowledge, columnConstraints, knownColumn, knownConstraint } from './state';

/** Record what a statement changes in the database, for the statements after it. */
export function learn(node: unknown, k: Knowledge): void {
  const type = typeOf(node);
  const f = type === undefined ? undefined : ((node as Fields)[type] as Fields | undefined);
  if (!f) return;
  switch (type) {
    case 'CreateStmt':
      learnCreateTable(f, k);
      break;
    case 'CreateTableAsStmt': {
      const name = relName((f['into'] as Fields | undefined)?.['rel']);
      if (name) k.createTable(name, []);
      break;
    }
    case 'AlterTableStmt':
      if (f['objtype'] === 'OBJECT_TABLE') learnAlterTable(relName(f['relation']) ?? '', f, k);
      break;
    case 'IndexStmt':
      learnIndex(f, k);
      break;
    case 'DropStmt':
      for (const o of list(f['objects'])) {
        const name = lastName(as(o, 'List')?.['items'] ?? [o]) ?? '';
        if (f['removeType'] === 'OBJECT_TABLE') k.dropTable(name);
        if (f['removeType'] === 'OBJECT_INDEX') k.dropIndex(name);
      }
      break;
    case 'RenameStmt':
      learnRename(f, k);
      break;
  }
}

function learnCreateTable(f: Fields, k: Knowledge): void {
  const table = relName(f['relation']);
  if (!table) return;
  const defs = nodes(f['tableElts'], 'ColumnDef');
  k.createTable(
    table,
    defs.map((def) => knownColumn(def, typeFromNode(def['typeName']))),
  );
  for (const def of defs) {
    const column = str(def['colname']) ?? '';
    for (const c of columnConstraints(def)) learnConstraint(table, knownConstraint(table, c, column), k);
  }
  for (const c of nodes(f['tableElts'], 'Constraint')) {
    learnConstraint(table, knownConstraint(table, c), k);
  }
}

function learnConstraint(table: string, c: KnownConstraint | undefined, k: Knowledge): void {
  if (!c) return;
  k.addConstraint(c);
  if (c.kind === 'unique' || c.kind === 'primary') {
    k.addIndex({ name: c.name, table, columns: c.columns, unique: true });
    if (c.kind === 'primary') for (const col of c.columns) markNotNull(k, table, col, true);
  }
}

function markNotNull(k: Knowledge, table: string, column: string, notNull: boolean): void {
  const c = k.column(table, column);
  if (c) c.notNull = notNull;
}

function learnAlterTable(table: string, f: Fields, k: Knowledge): void {
  for (const cmd of nodes(f['cmds'], 'AlterTableCmd')) {
    const column = str(cmd['name']) ?? '';
    switch (cmd['subtype']) {
      case 'AT_AddColumn': {
        const def = as(cmd['def'], 'ColumnDef');
        if (!def) break;
        k.addColumn(table, knownColumn(def, typeFromNode(def['typeName'])));
        for (const c of columnConstraints(def)) learnConstraint(table, knownConstraint(table, c, str(def['colname'])), k);
        break;
      }
      case 'AT_DropColumn':
        k.dropColumn(table, column);
        break;
      case 'AT_AlterColumnType': {
        const def = as(cmd['def'], 'ColumnDef');
        const known = k.column(table, column);
        if (def && known) known.type = typeFromNode(def['typeName']);
        break;
      }
      case 'AT_SetNotNull':
        markNotNull(k, table, column, true);
        break;
      case 'AT_DropNotNull':
        markNotNull(k, table, column, false);
        break;
      case 'AT_AddConstraint': {
        const con = as(cmd['def'], 'Constraint');
        const known = con && knownConstraint(table, con);
        if (known && con['indexname']) {
          const index = k.index(String(con['indexname']));
          known.columns = index?.columns ?? [];
          k.dropIndex(String(con['indexname']));
        }
        learnConstraint(table, known, k);
        break;
      }
      case 'AT_ValidateConstraint': {
        const c = k.constraint(table, column);
        if (c) c.validated = true;
        break;
      }
      case 'AT_DropConstraint':
        k.dropConstraint(table, column);
        break;
    }
  }
}

function learnIndex(f: Fields, k: Knowledge): void {
  const table = relName(f['relation']);
  if (!table) return;
  const columns = list(f['indexParams']).map((p) => str(as(p, 'IndexElem')?.['name']) ?? '(expression)');
  const name = str(f['idxname']) ?? [table, ...columns.filter((c) => c !== '(expression)'), 'idx'].join('_');
  k.addIndex({ name, table, columns, unique: bool(f['unique']) });
}

function learnRename(f: Fields, k: Knowledge): void {
  const relation = relName(f['relation']) ?? '';
  const to = str(f['newname']) ?? '';
  switch (f['renameType']) {
    case 'OBJECT_TABLE':
      k.renameTable(relation, to);
      break;
    case 'OBJECT_COLUMN':
      k.renameColumn(relation, str(f['subname']) ?? '', to);
      break;
    case 'OBJECT_INDEX':
      k.renameIndex(relation, to);
      break;
    case 'OBJECT_TABCONSTRAINT':
      k.renameConstraint(relation, str(f['subname']) ?? '', to);
      break;
  }
}
