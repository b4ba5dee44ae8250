/** Playwright fixtures: one real stack per worker, and an API client with the manager's token. */
import { test as base } from '@playwright/test';
import { type ManagerApi, managerApi } from './manager-api.ts';
import { type Stack, startStack } from './stack.ts';

export const test = base.extend<{ api: ManagerApi }, { stack: Stack }>({
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring pattern.
    async ({}, use) => {
      const stack = await startStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  api: async ({ stack }, use) => {
    await use(managerApi(stack));
  },
});

export { expect } from '@playwright/test';
