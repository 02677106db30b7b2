import { type Tree, formatFiles, getProjects, logger } from '@nx/devkit';
import {
  type Dialect,
  type Plan,
  type PlanContext,
  MigError,
  type ReportFile,
  getDialect,
  loadContext,
  parseDescription,
  planOperations,
  prepareAnalyzer,
  renderMarkdownReport,
} from '@mig/core';
import { join, posix } from 'node:path';
import { chooseAdapter } from '../../adapters';
import { treeFiles } from '../../tree-files';
import type { MigrationGeneratorSchema } from './schema';

/** Errors that mean "the change needs the current schema": worth replaying the project's migrations. */
const NEEDS_SCHEMA = new Set(['SCHEMA_REQUIRED', 'NEEDS_SCHEMA', 'NEEDS_TABLE']);

const LANGUAGE: Record<string, string> = { sql: 'sql', js: 'javascript', cjs: 'javascript', ts: 'typescript', py: 'python', rb: 'ruby' };

function planWith(description: string, dialect: Dialect, options: MigrationGeneratorSchema, context: PlanContext): Plan {
  const operations = parseDescription(description, { maxIdentifierLength: dialect.maxIdentifierLength });
  return planOperations(description, operations, {
    dialect,
    ...(context.schema ? { schema: context.schema } : {}),
    ...(context.target ? { target: context.target } : {}),
    ...(options.zeroDowntime === undefined ? {} : { zeroDowntime: options.zeroDowntime }),
  });
}

/**
 * `nx g @mig/plugin:migration "add email_verified to users" --project=api`: plans the change, writes
 * the framework's native migration files (one per phase where needed) and the report, and prints
 * the risk summary. Everything goes through the Tree: an error writes nothing.
 */
export async function migrationGenerator(tree: Tree, options: MigrationGeneratorSchema): Promise<void> {
  const description = (options.description ?? '').trim();
  if (!description) throw new MigError('describe the change, e.g. nx g @mig/plugin:migration "add email_verified to users" --project=api');
  const projects = getProjects(tree);
  const project = projects.get(options.project);
  if (!project) {
    const names = [...projects.keys()].sort();
    throw new MigError(`unknown project "${options.project}"; projects in this workspace: ${names.length ? names.join(', ') : 'none'}`, {
      code: 'UNKNOWN_PROJECT',
    });
  }
  const files = treeFiles(tree);
  const { adapter, detection } = chooseAdapter(files, project.root, options.project, options.framework);
  const dialect = getDialect(options.dialect ?? detection?.dialect ?? 'postgres');
  const dir = adapter.migrationsDir(files, project.root);
  await prepareAnalyzer(dialect.name);

  let context: PlanContext = await loadContext({
    dialect,
    ...(options.schemaFrom ? { schemaFrom: join(tree.root, options.schemaFrom) } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  let plan: Plan;
  const replayable = !options.schemaFrom && !options.db && adapter.name === 'sql' && dialect.name !== 'mysql' && files.list(dir).some((f) => f.endsWith('.sql'));
  try {
    plan = planWith(description, dialect, options, context);
    if (replayable && plan.analysis.findings.some((f) => f.code === 'MIG-P001')) throw new MigError('needs the schema', { code: 'NEEDS_SCHEMA' });
  } catch (e) {
    if (!(e instanceof MigError) || !NEEDS_SCHEMA.has(e.code) || !replayable) throw e;
    // the change depends on the current definitions: replay the project's migrations to learn them
    context = await loadContext({ dialect, schemaFrom: join(tree.root, dir) });
    plan = planWith(description, dialect, options, context);
  }

  const emitted = adapter.emit({
    plan,
    dir,
    at: new Date(),
    ...(options.name ? { name: options.name } : {}),
    ...(options.format ? { format: options.format } : {}),
    existing: files.list(dir),
  });
  for (const f of emitted) {
    if (tree.exists(f.path)) throw new MigError(`${f.path} already exists; pass another --name`, { code: 'FILE_EXISTS' });
  }
  for (const f of emitted) tree.write(f.path, f.content);
  if (options.report !== false) {
    const first = emitted[0]!.path;
    const report = `${first.replace(/(\.up)?\.(sql|js|cjs|ts)$/, '')}.md`;
    const reportFiles: ReportFile[] = emitted.map((f) => ({ path: f.path, content: f.content, language: LANGUAGE[posix.extname(f.path).slice(1)] ?? '' }));
    tree.write(
      report,
      renderMarkdownReport({
        plan,
        dialect,
        ...(context.schema ? { schema: context.schema } : {}),
        generatedAt: new Date(),
        framework: adapter.label,
        files: reportFiles,
        commands: { apply: `npx nx run ${options.project}:migrate`, rollback: `npx nx run ${options.project}:rollback` },
      }),
    );
  }
  const a = plan.analysis;
  logger.info(
    `mig: ${adapter.label} on ${dialect.label}${detection ? ` (${detection.evidence.join('; ')})` : ''}: ${emitted.length} file(s); risk ${a.risk}, reversible ${a.reversible ? 'yes' : 'no'}, data loss ${a.dataLoss ? 'yes' : 'none'}`,
  );
  for (const f of a.findings) logger.warn(`  ${f.severity} ${f.code}: ${f.message}`);
  if (!options.skipFormat) await formatFiles(tree);
}

export default migrationGenerator;
