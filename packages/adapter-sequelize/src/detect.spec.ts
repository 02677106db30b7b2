import type { ProjectFiles } from '@mig/core';
import { sequelizeAdapter } from './adapter';
import { sequelizercPath } from './detect';

/** A project held in memory: paths relative to the workspace root. */
function memoryFiles(files: Record<string, string>): ProjectFiles {
  return {
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    read: (p) => files[p],
    list: (dir) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
  };
}

const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'api', dependencies: deps });
const config = (development: Record<string, unknown>) => JSON.stringify({ development, test: { dialect: 'sqlite' } });

describe('detect', () => {
  test('sequelize in package.json and the dialect of config/config.json', () => {
    const files = memoryFiles({
      'package.json': pkg({ sequelize: '^6.37.0', 'sequelize-cli': '^6.6.0', pg: '^8.0.0' }),
      'config/config.json': config({ dialect: 'postgres', host: '127.0.0.1' }),
    });
    expect(sequelizeAdapter.detect(files, '.')).toEqual({
      framework: 'sequelize',
      dialect: 'postgres',
      evidence: ['package.json depends on sequelize and sequelize-cli', 'config/config.json (development) has dialect "postgres"'],
    });
    expect(sequelizeAdapter.migrationsDir(files, '.')).toBe('migrations');
  });

  test('mariadb is the mysql dialect', () => {
    const files = memoryFiles({
      'apps/api/package.json': pkg({ sequelize: '6.37.8' }),
      'apps/api/config/config.json': config({ dialect: 'mariadb' }),
    });
    expect(sequelizeAdapter.detect(files, 'apps/api')?.dialect).toBe('mysql');
  });

  test('.sequelizerc: migrations-path and config read as text', () => {
    const files = memoryFiles({
      'apps/api/.sequelizerc': [
        "const path = require('path');",
        'module.exports = {',
        "  'config': path.resolve('db', 'database.json'),",
        "  'migrations-path': path.resolve(__dirname, 'db', \"migrations\"),",
        "  'models-path': path.resolve('src/models'),",
        '};',
      ].join('\n'),
      'apps/api/db/database.json': config({ dialect: 'sqlite', storage: 'dev.sqlite' }),
    });
    expect(sequelizeAdapter.detect(files, 'apps/api')).toEqual({
      framework: 'sequelize',
      dialect: 'sqlite',
      evidence: ['apps/api/.sequelizerc', 'apps/api/db/database.json (development) has dialect "sqlite"'],
    });
    expect(sequelizeAdapter.migrationsDir(files, 'apps/api')).toBe('apps/api/db/migrations');
  });

  test('use_env_variable: the scheme of the variable in .env', () => {
    const files = memoryFiles({
      'package.json': pkg({ sequelize: '6.37.8' }),
      'config/config.json': config({ use_env_variable: 'DATABASE_URL' }),
      '.env': '# local\nexport DATABASE_URL="mysql://root@localhost:3306/app"\n',
    });
    expect(sequelizeAdapter.detect(files, '.')).toEqual({
      framework: 'sequelize',
      dialect: 'mysql',
      evidence: [
        'package.json depends on sequelize',
        'config/config.json (development) uses DATABASE_URL',
        'DATABASE_URL in .env is mysql://',
      ],
    });
  });

  test('no Sequelize evidence: undefined, even when the workspace depends on sequelize for another project', () => {
    expect(sequelizeAdapter.detect(memoryFiles({ 'package.json': pkg({ express: '4' }), 'config/config.json': '{"port": 3000}' }), '.')).toBeUndefined();
    const workspace = memoryFiles({ 'package.json': pkg({ sequelize: '6.37.8' }), 'apps/web/project.json': '{}' });
    expect(sequelizeAdapter.detect(workspace, 'apps/web')).toBeUndefined();
  });

  test('a migrations-path computed in code: the default directory, and the evidence says so', () => {
    const files = memoryFiles({
      '.sequelizerc': "const dirs = require('./dirs');\nmodule.exports = { 'migrations-path': dirs.migrations };\n",
    });
    expect(sequelizeAdapter.migrationsDir(files, '.')).toBe('migrations');
    expect(sequelizeAdapter.detect(files, '.')?.evidence).toEqual([
      '.sequelizerc',
      '.sequelizerc computes migrations-path in code mig does not run; using migrations',
    ]);
  });

  test('.sequelizerc path forms', () => {
    expect(sequelizercPath("module.exports = { 'migrations-path': 'db/migrate' }", 'migrations-path', 'api')).toBe('api/db/migrate');
    expect(sequelizercPath("{ 'migrations-path': path.join(process.cwd(), 'db', 'migrate') }", 'migrations-path', '.')).toBe('db/migrate');
    expect(sequelizercPath("{ migrationsPath: path.resolve('a', '/abs', 'b') }", 'migrations-path', '.')).toBe('/abs/b');
    expect(sequelizercPath("{ 'migrations-path': path.resolve(`db`) }", 'migrations-path', '.')).toBe('unreadable');
    expect(sequelizercPath("{ 'seeders-path': 'seeders' }", 'migrations-path', '.')).toBeUndefined();
  });

  test('the commands and cache inputs', () => {
    expect(sequelizeAdapter.commands).toEqual({ apply: 'npx sequelize-cli db:migrate', rollback: 'npx sequelize-cli db:migrate:undo' });
    expect(sequelizeAdapter.inputs).toEqual(['migrations/**/*', 'models/**/*']);
  });
});
