/**
 * Small readers over libpg-query's JSON tree. Nodes are `{ NodeType: { ...fields } }`; protobuf
 * leaves out fields at their default (false, 0, empty), so every reader tolerates absence.
 */

/** A parse-tree node's fields. */
export type Fields = Record<string, unknown>;

/** A node's type: its single key (`AlterTableStmt`), or undefined for anything else. */
export function typeOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  let type: string | undefined;
  for (const key in node) {
    if (type !== undefined) return undefined;
    type = key;
  }
  return type;
}

/** The single `{ Type: fields }` pair of a node, or undefined for anything else. */
export function unwrap(node: unknown): { type: string; fields: Fields } | undefined {
  const type = typeOf(node);
  const fields = type === undefined ? undefined : (node as Fields)[type];
  return typeof fields === 'object' && fields !== null ? { type: type as string, fields: fields as Fields } : undefined;
}

/** The fields of `node` when it is a node of type `type` (node types are capitalised; field names are not). */
export function as(node: unknown, type: string): Fields | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const fields = (node as Fields)[type];
  return typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? (fields as Fields) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function bool(value: unknown): boolean {
  return value === true;
}

/** The text of a `String` node (identifiers and operator names are lists of these). */
export function stringOf(node: unknown): string | undefined {
  return str(as(node, 'String')?.['sval']);
}

/** The strings of a list of `String` nodes: `[pg_catalog, varchar]`, `[public, users]`. */
export function names(value: unknown): string[] {
  const out: string[] = [];
  for (const n of list(value)) {
    const s = stringOf(n);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/** The last part of a qualified name (`public.users` → `users`). */
export function lastName(value: unknown): string | undefined {
  const parts = names(value);
  return parts[parts.length - 1];
}

/** The relation name of a RangeVar (fields or wrapped), without its schema. */
export function relationName(node: unknown): string | undefined {
  const fields = as(node, 'RangeVar') ?? (node as Fields | undefined);
  return str(fields?.['relname']);
}

/** The value of an A_Const: number, string, boolean, or null for NULL. */
export function constValue(node: unknown): string | number | boolean | null | undefined {
  const c = as(node, 'A_Const');
  if (!c) return undefined;
  if (c['isnull']) return null;
  if ('ival' in c) return Number((c['ival'] as Fields)['ival'] ?? 0);
  if ('fval' in c) return Number((c['fval'] as Fields)['fval']);
  if ('sval' in c) return String((c['sval'] as Fields)['sval'] ?? '');
  if ('boolval' in c) return Boolean((c['boolval'] as Fields)['boolval']);
  return undefined;
}

/** Every node of type `type` below `root`, depth first. */
export function collect(root: unknown, type: string, out: Fields[] = []): Fields[] {
  if (Array.isArray(root)) {
    for (const item of root) collect(item, type, out);
    return out;
  }
  if (typeof root !== 'object' || root === null) return out;
  for (const key in root) {
    const value = (root as Fields)[key];
    if (typeof value !== 'object' || value === null) continue;
    if (key === type) out.push(value as Fields);
    if (!LEAVES.has(key)) collect(value, type, out);
  }
  return out;
}

/** Nodes that hold no other statement parts: `collect` does not look inside them. */
const LEAVES = new Set(['A_Const', 'ColumnRef', 'ParamRef', 'String', 'TypeName', 'A_Star']);

/** The column a ColumnRef names (its last field), or undefined for `*` / qualified stars. */
export function columnRefName(node: unknown): string | undefined {
  const ref = as(node, 'ColumnRef');
  return ref ? lastName(ref['fields']) : undefined;
}

/** The fields of the items of a node list that are of type `type`. */
export function nodes(value: unknown, type: string): Fields[] {
  const out: Fields[] = [];
  for (const item of list(value)) {
    const fields = as(item, type);
    if (fields) out.push(fields);
  }
  return out;
}
