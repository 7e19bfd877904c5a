const swc = (syntax) => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'tsx' ? { syntax: 'typescript', tsx: true } : { syntax: 'typescript' },
      target: 'es2022',
      transform: syntax === 'tsx' ? { react: { runtime: 'automatic' } } : undefined,
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  // Integration suites each run a Temporal dev server and a worker; two cores fit two at a time.
  maxWorkers: 2,
  testTimeout: 120_000,
  projects: [
    {
      // the server, the workflows and the browser tests (Chromium against a real stack)
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': swc('ts'), '/node_modules/@x0k/.+\\.js$': swc('ts') },
      // the admin forms' validators are compiled by @rjsf/utils, which requires this ES-module-only dependency
      transformIgnorePatterns: ['/node_modules/(?!@x0k/)'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      // the web app's own units and components, in jsdom
      displayName: 'web',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/designer/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': swc('tsx'), '/node_modules/@x0k/.+\\.js$': swc('ts') },
      // @rjsf/utils requires this ES-module-only dependency
      transformIgnorePatterns: ['/node_modules/(?!@x0k/)'],
      moduleNameMapper: { '\\.css$': '<rootDir>/designer/src/test-support/style-stub.js' },
      setupFiles: ['<rootDir>/designer/src/test-support/setup.js'],
    },
  ],
};
