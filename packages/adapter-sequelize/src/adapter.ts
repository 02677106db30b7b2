import { sequelizeEngine } from './runner';
import type { Adapter } from '@mig/core';
import { detectSequelize, sequelizeMigrationsDir } from './detect';
import { emitSequelize } from './emit';

/** Sequelize: queryInterface migrations that sequelize-cli runs, one file per phase. */
export const sequelizeAdapter: Adapter = {
  name: 'sequelize',
  label: 'Sequelize',
  detect: detectSequelize,
  migrationsDir: sequelizeMigrationsDir,
  emit: emitSequelize,
  commands: { apply: 'npx sequelize-cli db:migrate', rollback: 'npx sequelize-cli db:migrate:undo' },
  inputs: ['migrations/**/*', 'models/**/*'],
  runner: sequelizeEngine,
};
