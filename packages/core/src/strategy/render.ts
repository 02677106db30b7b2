import type { Dialect, Statement } from '../dialects/dialect';
import { applyOperation } from '../model/apply';
import { invert } from '../model/invert';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';

/** One operation rendered by the dialect: its statements, its inverse's statements, the schema after it. */
export interface Rendered {
  up: Statement[];
  down: Statement[];
  after?: Schema;
}

/** Render an operation and its inverse, each against the schema it applies to (as the planner does). */
export function renderOperation(dialect: Dialect, op: Operation, before: Schema | undefined): Rendered {
  const up = dialect.render(op, before ? { schema: before } : {});
  const after = before ? applyOperation(before, op) : undefined;
  let current = after;
  const down: Statement[] = [];
  for (const inverse of invert(op, before).ops) {
    down.push(...dialect.render(inverse, current ? { schema: current } : {}));
    current = current ? applyOperation(current, inverse) : undefined;
  }
  return after ? { up, down, after } : { up, down };
}

/**
 * Renders a sequence of sub-operations, carrying the schema model from one to the next, so each
 * is rendered against the schema it really meets.
 */
export class ModelCursor {
  constructor(
    readonly dialect: Dialect,
    public schema: Schema | undefined,
  ) {}

  render(op: Operation): Rendered {
    const rendered = renderOperation(this.dialect, op, this.schema);
    this.schema = rendered.after;
    return rendered;
  }
}

/** Statements with their flags set: one transaction (true) or each on its own (false). */
export function withTransactional(statements: Statement[], transactional: boolean): Statement[] {
  return statements.map((s) => ({ ...s, transactional }));
}

export const inTransaction = (sql: string): Statement => ({ sql, transactional: true });
export const onItsOwn = (sql: string): Statement => ({ sql, transactional: false });
