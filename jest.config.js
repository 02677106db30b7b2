/** The whole suite: every package's tests. `MIG_TEST_DIALECTS` narrows the database matrix. */
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js'],
  testTimeout: 60000,
};
