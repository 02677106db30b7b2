export { sequelizeAdapter } from './adapter';
export { detectSequelize, sequelizeMigrationsDir, sequelizercPath } from './detect';
export { emitSequelize, kebab, timestamp } from './emit';
export { SEQUELIZE_DIALECTS, type SequelizeDialect } from './dialects';
export { SEQUELIZE_HISTORY_TABLE, sequelizeEngine } from './runner';
