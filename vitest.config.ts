import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the user's project that test/package/packed.test.ts installs protocheck into, with its own suite
    exclude: [...configDefaults.exclude, 'test/package/fixture/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
