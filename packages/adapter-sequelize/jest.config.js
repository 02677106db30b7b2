module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'adapter-sequelize',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
