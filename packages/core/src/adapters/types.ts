import { dialectOfUrl } from '../db/connect';
import type { DialectName } from '../dialects/dialect';
import type { Plan } from '../plan/plan';
import type { RunnerEngine } from '../runner/commands';

/**
 * The contract between mig and a framework (ARCHITECTURE.md): each `packages/adapter-<framework>`
 * exports one `Adapter`. Adapters read projects through `ProjectFiles`, so the same code serves
 * the CLI (the disk) and the Nx generators (the virtual tree).
 */

/** Read access to a project's files, relative to the workspace root. */
export interface ProjectFiles {
  exists(path: string): boolean;
  /** the file's text, or undefined when there is none */
  read(path: string): string | undefined;
  /** the names of the entries of a directory (empty when there is none) */
  list(dir: string): string[];
}

/** What an adapter found in a project: the framework, the database it points at when known, and why it thinks so. */
export interface Detection {
  framework: string;
  dialect?: DialectName;
  /** e.g. `package.json depends on sequelize`, `.sequelizerc`, `DATABASE_URL is postgres://` */
  evidence: string[];
}

export interface EmitInput {
  plan: Plan;
  /** the migrations directory, relative to the workspace root */
  dir: string;
  at: Date;
  /** the file name after the timestamp (default: from the description) */
  name?: string;
  /** names of the files already in `dir` (for numbering) */
  existing?: string[];
  /** a framework-specific file format, e.g. for raw SQL: `timestamp` (default), `sequence`, `dbmate` */
  format?: string;
}

export interface EmittedFile {
  path: string;
  content: string;
}

export interface Adapter {
  /** `sql`, `sequelize`, … (the `--framework` value) */
  readonly name: string;
  /** `Raw SQL`, `Sequelize`, … */
  readonly label: string;
  /** evidence that the project at `root` uses this framework; undefined when there is none */
  detect(files: ProjectFiles, root: string): Detection | undefined;
  /** the project's migrations directory, relative to the workspace root */
  migrationsDir(files: ProjectFiles, root: string): string;
  /** the native migration files of a plan: one migration per phase where the framework needs it */
  emit(input: EmitInput): EmittedFile[];
  /** the framework's own commands, for the report's testing guide */
  commands: { apply: string; rollback: string };
  /** globs, relative to the project root, of what its migrations depend on (cache inputs) */
  inputs: string[];
  /** what runs the framework's migrations when mig's runner (raw SQL files) cannot */
  runner?: RunnerEngine;
}

/** ProjectFiles over the real file system, rooted at `base`. */
export function diskFiles(base: string): ProjectFiles {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const at = (p: string) => path.resolve(base, p);
  return {
    exists: (p) => fs.existsSync(at(p)),
    read: (p) => (fs.existsSync(at(p)) && fs.statSync(at(p)).isFile() ? fs.readFileSync(at(p), 'utf8') : undefined),
    list: (p) => (fs.existsSync(at(p)) && fs.statSync(at(p)).isDirectory() ? fs.readdirSync(at(p)) : []),
  };
}

/** The dialect a database URL names, or undefined for an unknown scheme. */
export function dialectOfUrlText(url: string): DialectName | undefined {
  try {
    return dialectOfUrl(url);
  } catch {
    return undefined;
  }
}
