import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // the app's data folder (live sessions, folder-run records) of this test run only, never the user's
    env: { SOFTSPOKEN_DATA_DIR: join(tmpdir(), `softspoken-test-data-${process.pid}`) },
  },
});
