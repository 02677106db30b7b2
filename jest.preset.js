/** Shared jest settings: TypeScript through @swc/jest (decorators on, for ORM entities in adapters). */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@mig/core$': '<rootDir>/../core/src/index.ts',
    '^@mig/(adapter-[a-z]+|adapters|plugin)$': '<rootDir>/../$1/src/index.ts',
  },
};
