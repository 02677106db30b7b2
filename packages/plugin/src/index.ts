export { ADAPTERS, chooseAdapter } from './adapters';
export { createNodes, createNodesV2, type MigPluginOptions } from './plugin';
export { initGenerator } from './generators/init/init';
export { migrationGenerator } from './generators/migration/migration';
