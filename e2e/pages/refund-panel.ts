/**
 * Page object of the till's refund screen (terminal/src/ui/screens/RefundScreen.tsx), reached from the
 * Orders screen: a sale's Refund button, or the receipt's order number typed / scanned.
 */
import type { Locator } from '@playwright/test';
import type { TillOrderStatus, TillPage } from './till-page.ts';

export class RefundPanel {
  constructor(readonly till: TillPage) {}

  private byTestId(id: string): Locator {
    return this.till.byTestId(id);
  }

  /** Opens the refund of a sale from its row on the Orders screen. */
  async openFromRow(orderId: string): Promise<void> {
    await this.till.openOrders();
    await this.till.orderRow(orderId).getByTestId('order-refund').click();
    await this.byTestId('refund-form').waitFor();
  }

  /** Opens the refund of a sale by typing (or scanning) its order number. */
  async openByOrderNumber(orderId: string): Promise<void> {
    await this.till.openOrders();
    await this.byTestId('refund-order-number').fill(orderId);
    await this.byTestId('refund-find').click();
    await this.byTestId('refund-form').waitFor();
  }

  /** Sets how many units of line `lineNo` come back (1-based) and whether they go back to stock. */
  async setLine(lineNo: number, quantity: number, restock = true): Promise<void> {
    const line = this.till.page.locator(`[data-testid="refund-line"][data-line-no="${lineNo}"]`);
    await line.getByTestId('refund-line-quantity').fill(String(quantity));
    await line.getByTestId('refund-line-restock').setChecked(restock);
  }

  async remaining(lineNo: number): Promise<number> {
    const line = this.till.page.locator(`[data-testid="refund-line"][data-line-no="${lineNo}"]`);
    return Number(await line.getByTestId('refund-line-remaining').textContent());
  }

  async setReason(reason: string): Promise<void> {
    await this.byTestId('refund-reason').fill(reason);
  }

  async chooseTender(tender: 'cash' | 'card'): Promise<void> {
    await this.byTestId(`refund-tender-${tender}`).check();
  }

  /** Why the till will not make this refund now (null when it will). */
  async problem(): Promise<string | null> {
    const problem = this.byTestId('refund-problem');
    return (await problem.count()) > 0 ? problem.textContent() : null;
  }

  submitButton(): Locator {
    return this.byTestId('refund-submit');
  }

  async submit(): Promise<void> {
    await this.submitButton().click();
    await this.byTestId('refund-status').waitFor();
  }

  /** The refund's status code as the till's outbox holds it. */
  async status(): Promise<TillOrderStatus> {
    return ((await this.byTestId('refund-status').getAttribute('data-status')) ?? '') as TillOrderStatus;
  }

  async waitForStatus(status: TillOrderStatus, timeoutMs = 60_000): Promise<void> {
    await this.till.page.locator(`[data-testid="refund-status"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
  }

  refusal(): Locator {
    return this.byTestId('refund-refusal');
  }

  async close(): Promise<void> {
    await this.byTestId('refund-close').click();
  }
}
