import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at a time, also on the 2-core CI machine, where Vitest's default (one less than
    // the cores) runs them one by one. A file spends much of its time waiting for PostgreSQL, the
    // IAM API it started and its own timers: the other file uses the core meanwhile. Each file
    // has its own databases, ports (0) and Redis prefix, so two never share state.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
