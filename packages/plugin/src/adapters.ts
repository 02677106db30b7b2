import { sequelizeAdapter } from '@mig/adapter-sequelize';
import { sqlAdapter } from '@mig/adapter-sql';
import { type Adapter, type Detection, MigError, type ProjectFiles } from '@mig/core';

/** The frameworks mig knows: the one list (ARCHITECTURE.md). More specific frameworks first. */
export const ADAPTERS: readonly Adapter[] = [sequelizeAdapter, sqlAdapter];

export interface Choice {
  adapter: Adapter;
  detection?: Detection;
}

/**
 * The framework of a project: `--framework` when given; else the one whose evidence is found; with
 * none, raw SQL (mig's own format); with several, an error listing what was found.
 */
export function chooseAdapter(files: ProjectFiles, root: string, project: string, framework?: string): Choice {
  if (framework) {
    const adapter = ADAPTERS.find((a) => a.name === framework);
    if (!adapter) {
      throw new MigError(`unknown framework "${framework}"; use one of: ${ADAPTERS.map((a) => a.name).join(', ')}`, { code: 'BAD_OPTIONS' });
    }
    const detection = adapter.detect(files, root);
    return { adapter, ...(detection ? { detection } : {}) };
  }
  const found = ADAPTERS.map((adapter) => ({ adapter, detection: adapter.detect(files, root) })).filter(
    (c): c is Required<Choice> => c.detection !== undefined,
  );
  if (found.length > 1) {
    const listed = found.map((c) => `${c.adapter.name} (${c.detection.evidence.join('; ')})`).join(', ');
    throw new MigError(
      `project ${project} looks like more than one framework: ${listed}; pass --framework ${found.map((c) => c.adapter.name).join(' or --framework ')}`,
      { code: 'AMBIGUOUS_FRAMEWORK' },
    );
  }
  return found[0] ?? { adapter: ADAPTERS.find((a) => a.name === 'sql')! };
}
