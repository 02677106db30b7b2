import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigError } from '../errors';
import type { Phase, Plan } from '../plan/plan';

/** A file `mig create` writes. */
export interface CreatedFile {
  path: string;
  content: string;
}

function stamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

export function migrationSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60) || 'migration';
}

function header(plan: Plan, phase: Phase, index: number, direction: 'up' | 'down'): string[] {
  const lines: string[] = [];
  const transactional = direction === 'up' ? phase.transactional : (phase.downTransactional ?? phase.transactional);
  if (!transactional) lines.push('-- mig:no-transaction');
  if (phase.afterDeploy && direction === 'up') lines.push('-- mig:after-deploy');
  if (phase.retry && direction === 'up') lines.push(`-- mig:retries ${phase.retry.attempts}`);
  const which = plan.phases.length > 1 ? ` — phase ${index + 1} of ${plan.phases.length}: ${phase.name}` : '';
  lines.push(`-- ${direction === 'up' ? 'Migration' : 'Rollback'}: ${plan.description}${which}`);
  if (phase.description && direction === 'up') lines.push(`-- ${phase.description.replace(/\n/g, ' ')}`);
  return lines;
}

function body(statements: string[], repeat: number[] = [], pauseMs?: number): string {
  if (statements.length === 0) return '-- nothing to undo\n';
  const marker = `-- mig:repeat${pauseMs ? ` ${pauseMs}ms` : ''}\n`;
  return `${statements.map((s, i) => `${repeat.includes(i) ? marker : ''}${s};`).join('\n\n')}\n`;
}

/**
 * The raw SQL files of a plan: one migration (`<stamp>_<name>.up.sql` and `.down.sql`) per phase,
 * so each phase gets its own transaction mode and the after-deploy contract can wait for the deploy.
 */
export function migrationFiles(plan: Plan, dir: string, at: Date, name?: string): CreatedFile[] {
  const base = `${stamp(at)}_${migrationSlug(name ?? plan.description)}`;
  const many = plan.phases.length > 1;
  return plan.phases.flatMap((phase, i) => {
    const file = many ? `${base}_${String(i + 1).padStart(2, '0')}_${migrationSlug(phase.name)}` : base;
    return [
      { path: join(dir, `${file}.up.sql`), content: `${header(plan, phase, i, 'up').join('\n')}\n\n${body(phase.up, phase.repeat, phase.repeatPauseMs)}` },
      { path: join(dir, `${file}.down.sql`), content: `${header(plan, phase, i, 'down').join('\n')}\n\n${body(phase.down, phase.downRepeat, phase.repeatPauseMs)}` },
    ];
  });
}

/** Write files all-or-nothing: none may exist already, and a failure removes what was written. */
export function writeAll(files: CreatedFile[]): void {
  const taken = files.find((f) => existsSync(f.path));
  if (taken) throw new MigError(`${taken.path} already exists; pass another --name`, { code: 'FILE_EXISTS' });
  const written: string[] = [];
  try {
    for (const f of files) {
      mkdirSync(join(f.path, '..'), { recursive: true });
      const temp = `${f.path}.tmp-${process.pid}`;
      writeFileSync(temp, f.content, { flag: 'wx' });
      written.push(temp);
    }
    for (const f of files) renameSync(`${f.path}.tmp-${process.pid}`, f.path);
  } catch (e) {
    for (const t of written) rmSync(t, { force: true });
    throw new MigError(`could not write the migration files: ${(e as Error).message.split('\n')[0]}; check the directory`, {
      code: 'WRITE_FAILED',
      cause: e,
    });
  }
}
