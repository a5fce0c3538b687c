import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'contract',
          root: 'packages/contract',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'http-server',
          root: 'packages/http-server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'iam',
          root: 'apps/iam',
          include: ['src/**/*.test.ts'],
          setupFiles: ['src/testing/openapi-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'bff',
          root: 'apps/bff',
          include: ['src/**/*.test.ts'],
          // The BFF's tests run a real IAM API too: its answers are checked against its document.
          setupFiles: ['../iam/src/testing/openapi-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'scripts',
          root: 'scripts',
          include: ['**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'docs',
          root: 'docs',
          include: ['**/*.test.ts'],
          environment: 'node',
        },
      },
      'apps/web',
    ],
  },
});
