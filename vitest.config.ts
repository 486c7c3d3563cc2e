import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'web/e2e/**/*.e2e.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Integration tests share 2 cores with tesseract; a few files at a time is fastest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
