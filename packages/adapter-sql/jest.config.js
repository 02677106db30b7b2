module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'adapter-sql',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
