/**
 * Dropping a column or table breaks the application that still reads it: the drop is a contract
 * phase, run after the deploy of code that no longer uses it. The statements are the plain ones
 * (a catalog change in PostgreSQL; INSTANT in MySQL 8.0.29+ / MariaDB 10.4+).
 */
import type { Operation } from '../model/operations';
import { renderOnline } from './mysql-online-ddl';
import { renderOperation } from './render';
import { existedBefore } from './tables';
import type { Strategy } from './types';

export const deferredDrop: Strategy = {
  id: 'deferred-drop',
  matches: (op: Operation, ctx) =>
    ctx.dialect.name !== 'sqlite' && (op.kind === 'dropColumn' || op.kind === 'dropTable') && existedBefore(ctx, op.table),
  phases: (op, ctx) => {
    const rendered = ctx.dialect.name === 'mysql' ? renderOnline(ctx, op, ctx.before) : renderOperation(ctx.dialect, op, ctx.before);
    const what = op.kind === 'dropColumn' ? `column ${op.table}.${op.column}` : `table ${(op as { table: string }).table}`;
    return [
      {
        name: 'contract',
        description: `drop ${what}. Run this only after the application that no longer uses it is deployed`,
        afterDeploy: true,
        up: rendered.up,
        down: rendered.down,
        retry: ctx.dialect.supportsTransactionalDdl,
      },
    ];
  },
};
