import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; tests that start servers, databases or browsers live in test/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'clients/web/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Servers, PostgreSQL clusters and browsers are heavy on 2 cores: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
