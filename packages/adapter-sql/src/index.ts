import {
  type Adapter,
  type Detection,
  type EmitInput,
  type EmittedFile,
  type Phase,
  type ProjectFiles,
  MigError,
  dialectOfUrlText,
  migrationFiles,
  migrationSlug,
} from '@mig/core';
import { posix } from 'node:path';

/**
 * Raw SQL migrations, the format mig's own runner reads: `<stamp>_<name>.up.sql` / `.down.sql`
 * pairs (default), `NNN_<name>.up.sql` sequence numbering (golang-migrate's `-seq` style), or
 * dbmate's single `<stamp>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections.
 */
export const SQL_FORMATS = ['timestamp', 'sequence', 'dbmate'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

const join = posix.join;

function configOf(files: ProjectFiles, root: string): { migrationsDir?: string; environments?: Record<string, { url?: string }> } | undefined {
  const text = files.read(join(root, 'mig.config.json'));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as { migrationsDir?: string };
  } catch {
    return undefined;
  }
}

function urlIn(files: ProjectFiles, path: string): string | undefined {
  const text = files.read(path);
  const m = text && /^\s*(?:export\s+)?(?:MIG_DATABASE_URL|DATABASE_URL)\s*=\s*["']?([^"'\s#]+)/m.exec(text);
  return m?.[1];
}

function sqlFiles(files: ProjectFiles, dir: string): string[] {
  return files.list(dir).filter((f) => /\.sql$/i.test(f));
}

export const sqlAdapter: Adapter = {
  name: 'sql',
  label: 'Raw SQL',
  detect(files, root) {
    const evidence: string[] = [];
    const config = configOf(files, root);
    if (config) evidence.push(`${join(root, 'mig.config.json')}`);
    const dir = this.migrationsDir(files, root);
    const found = sqlFiles(files, dir);
    if (found.length) evidence.push(`${found.length} .sql migration file${found.length === 1 ? '' : 's'} in ${dir}`);
    if (evidence.length === 0) return undefined;
    const detection: Detection = { framework: 'sql', evidence };
    for (const env of ['.env', '.env.development', '.env.local']) {
      const url = urlIn(files, join(root, env));
      const dialect = url && dialectOfUrlText(url);
      if (dialect) {
        detection.dialect = dialect;
        evidence.push(`${join(root, env)}: DATABASE_URL is ${dialect}`);
        break;
      }
    }
    if (!detection.dialect) {
      const url = Object.values(config?.environments ?? {}).find((e) => e.url)?.url;
      const dialect = url && dialectOfUrlText(url);
      if (dialect) {
        detection.dialect = dialect;
        evidence.push(`mig.config.json environments use ${dialect}`);
      }
    }
    return detection;
  },
  migrationsDir(files, root) {
    return join(root, configOf(files, root)?.migrationsDir ?? 'migrations');
  },
  emit(input: EmitInput): EmittedFile[] {
    const format = (input.format ?? 'timestamp') as SqlFormat;
    if (!SQL_FORMATS.includes(format)) {
      throw new MigError(`unknown raw SQL format "${input.format}"; use one of: ${SQL_FORMATS.join(', ')}`, { code: 'BAD_OPTIONS' });
    }
    if (format === 'dbmate') return dbmateFiles(input);
    const files = migrationFiles(input.plan, input.dir, input.at, input.name);
    if (format === 'timestamp') return files;
    return renumber(files, input);
  },
  commands: { apply: 'npx mig migrate', rollback: 'npx mig rollback' },
  inputs: ['migrations/**/*.sql', 'mig.config.json'],
};

/** `NNN_` numbering after the highest number already in the directory, one per phase. */
function renumber(files: EmittedFile[], input: EmitInput): EmittedFile[] {
  const taken = (input.existing ?? []).map((f) => /^(\d+)_/.exec(f)?.[1]).filter((n): n is string => n !== undefined);
  const width = Math.max(3, ...taken.map((n) => n.length));
  let next = Math.max(0, ...taken.map(Number)) + 1;
  const numbers = new Map<string, string>();
  return files.map((f) => {
    const base = posix.basename(f.path).replace(/\.(up|down)\.sql$/, '');
    if (!numbers.has(base)) numbers.set(base, String(next++).padStart(width, '0'));
    const rest = base.replace(/^\d{14}_/, '');
    return { ...f, path: join(posix.dirname(f.path), `${numbers.get(base)}_${rest}${/\.down\.sql$/.test(f.path) ? '.down.sql' : '.up.sql'}`) };
  });
}

function statements(list: string[], repeat: number[] = []): string {
  return list.length ? list.map((s, i) => `${repeat.includes(i) ? '-- mig:repeat\n' : ''}${s};`).join('\n\n') : '-- nothing to undo';
}

/** dbmate: one file per phase, `-- migrate:up transaction:false` where the phase cannot run in one. */
function dbmateFiles(input: EmitInput): EmittedFile[] {
  const { plan } = input;
  const stamp = migrationFiles(plan, input.dir, input.at, input.name)[0]!.path.match(/(\d{14})_/)![1]!;
  const base = `${stamp}_${migrationSlug(input.name ?? plan.description)}`;
  return plan.phases.map((phase: Phase, i) => {
    const name = plan.phases.length > 1 ? `${base}_${String(i + 1).padStart(2, '0')}_${migrationSlug(phase.name)}` : base;
    const tx = phase.transactional ? '' : ' transaction:false';
    const header = [`-- ${plan.description}${plan.phases.length > 1 ? ` — phase ${i + 1} of ${plan.phases.length}: ${phase.name}` : ''}`];
    if (phase.afterDeploy) header.push('-- mig:after-deploy');
    return {
      path: join(input.dir, `${name}.sql`),
      content: `${header.join('\n')}\n-- migrate:up${tx}\n${statements(phase.up, phase.repeat)}\n\n-- migrate:down${tx}\n${statements(phase.down)}\n`,
    };
  });
}
