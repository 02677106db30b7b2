export * from './migration-files';
export * from './runner';
export { splitScript, type ScriptStatement } from './script';
export * from './environment';
export * from './create';
export * from './commands';
export * from './check';
export { RUNNER_DIALECTS, type LockOptions, type MigrationLock, type RunnerDialect } from './dialects';
