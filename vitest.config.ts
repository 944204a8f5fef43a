import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and browser tests share one set of emulators per file; keep files from
    // fighting over two cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { CDK_VALIDATION: 'false' },
  },
});
