/** Tests run the TypeScript sources through ts-jest; end-to-end tests spawn the built CLI (dist/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
};
