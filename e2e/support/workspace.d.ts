/** Types of workspace.js, which tools/bench uses from plain Node too. */

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they came */
  output: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface Tarball {
  name: string;
  version: string;
  file: string;
  /** the paths the tarball holds, relative to the package */
  files: string[];
  manifest: { name: string; main: string; dependencies?: Record<string, string>; files?: string[]; generators?: string; executors?: string };
}

export declare const NX_VERSION: string;
export declare const ROOT: string;

export declare function run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
export declare function ok(result: RunResult, what: string): RunResult;
export declare function userEnv(npmrc: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

export declare class Timings {
  started: number;
  steps: Array<{ name: string; ms: number }>;
  step<T>(name: string, work: () => Promise<T> | T): Promise<T>;
  table(title: string): string;
}

export declare class UserWorkspace {
  constructor(prefix?: string);
  readonly dir: string;
  readonly timings: Timings;
  tarballs: Tarball[];
  registry: { port: number; url: string } | undefined;
  ws: string;
  env: NodeJS.ProcessEnv;
  pack(): Promise<Tarball[]>;
  startRegistry(): Promise<{ port: number; url: string }>;
  publish(): Promise<void>;
  create(name?: string): Promise<string>;
  install(packages: string[]): Promise<RunResult>;
  nx(args: string[], options?: RunOptions): Promise<RunResult>;
  git(args: string[]): Promise<string>;
  write(files: Record<string, string>): void;
  read(path: string): string;
  close(): Promise<void>;
}
