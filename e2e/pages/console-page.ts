/** Page object of the manager's console (console/src/ui); selectors are its data-testids. */
import type { Locator, Page } from '@playwright/test';

export type ConsoleSection = 'health' | 'orders' | 'exceptions' | 'catalogue' | 'tills' | 'reports';

export class ConsolePage {
  constructor(readonly page: Page) {}

  /** Opens the console and signs in through its form with `token`. */
  static async signIn(page: Page, url: string, token: string): Promise<ConsolePage> {
    const console = new ConsolePage(page);
    await page.goto(url);
    await page.getByTestId('sign-in-token').fill(token);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('nav-health').waitFor();
    return console;
  }

  async open(section: ConsoleSection): Promise<void> {
    await this.page.getByTestId(`nav-${section}`).click();
  }

  tillRow(terminalId: string): Locator {
    return this.page.locator(`[data-testid="till-row"][data-terminal-id="${terminalId}"]`);
  }

  /** The till's row once it shows exactly `count` missing sequence numbers. */
  tillWithMissing(terminalId: string, count: number): Locator {
    return this.page.locator(`[data-testid="till-row"][data-terminal-id="${terminalId}"][data-missing-count="${count}"]`);
  }

  attentionItem(orderId: string): Locator {
    return this.page.locator(`[data-testid="attention-item"][data-order-id="${orderId}"]`);
  }
}
