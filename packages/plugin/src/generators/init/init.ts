import { type Tree, formatFiles, getProjects, logger, readNxJson, updateNxJson } from '@nx/devkit';
import { chooseAdapter } from '../../adapters';
import { treeFiles } from '../../tree-files';

export interface InitGeneratorSchema {
  skipFormat?: boolean;
}

export const PLUGIN_NAME = '@mig/plugin';

/** The framework and database of every project with migrations, as `init` reports them. */
export interface ProjectSetup {
  project: string;
  framework: string;
  dialect?: string;
  evidence: string[];
}

/**
 * `nx g @mig/plugin:init`: registers the plugin in nx.json (its inferred targets then appear on
 * every project with migrations), keeps the embedded databases (`.mig/`) out of git, and reports
 * each project's framework and database. It adds no dependency: the frameworks' own packages are
 * already the projects' own.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<ProjectSetup[]> {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const registered = plugins.some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (!registered) {
    nxJson.plugins = [...plugins, { plugin: PLUGIN_NAME, options: {} }];
    updateNxJson(tree, nxJson);
  }
  const ignore = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  if (!/^\/?\.mig\/?$/m.test(ignore)) {
    tree.write('.gitignore', `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}# mig's embedded databases\n.mig/\n`);
  }
  const files = treeFiles(tree);
  const setups: ProjectSetup[] = [];
  for (const [name, project] of getProjects(tree)) {
    let choice;
    try {
      choice = chooseAdapter(files, project.root, name);
    } catch (e) {
      logger.warn(`mig: ${(e as Error).message}`);
      continue;
    }
    if (!choice.detection) continue;
    const setup: ProjectSetup = {
      project: name,
      framework: choice.adapter.name,
      ...(choice.detection.dialect ? { dialect: choice.detection.dialect } : {}),
      evidence: choice.detection.evidence,
    };
    setups.push(setup);
    logger.info(`mig: ${name}: ${choice.adapter.label}${setup.dialect ? ` on ${setup.dialect}` : ''} (${setup.evidence.join('; ')})`);
  }
  if (setups.length === 0) logger.info('mig: no project has migrations yet; nx g @mig/plugin:migration "<change>" --project=<name> starts one');
  if (!options.skipFormat) await formatFiles(tree);
  return setups;
}

/**
 * What Nx runs for `nx g @mig/plugin:init`. Nx calls whatever a generator returns as its install
 * task, so the report stays with `initGenerator` and this returns nothing.
 */
export default async function init(tree: Tree, options: InitGeneratorSchema = {}): Promise<void> {
  await initGenerator(tree, options);
}
