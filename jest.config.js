/** The whole suite: every package's tests. `MIG_TEST_DIALECTS` narrows the database matrix. */
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js', '<rootDir>/e2e/jest.config.js'],
  testTimeout: 60000,
  // A leaked database connection must fail loudly, not hang CI: exit when the run is done.
  forceExit: true,
};
