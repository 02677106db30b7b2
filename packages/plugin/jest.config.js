module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'plugin',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
