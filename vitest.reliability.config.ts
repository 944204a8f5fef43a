import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the pipeline under load, faults and hostile input (issue 7). Each
 * file starts its own local stack; files run one after another (two cores), and every test carries
 * its own time limit so the suite is bounded (target: under 10 minutes on 2 cores). The default
 * `npm test` config excludes test/reliability.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    fileParallelism: false,
    // Builds the pages' stylesheet from its Sass (a no-op when it is up to date).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: {
      CDK_VALIDATION: 'false',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  },
});
