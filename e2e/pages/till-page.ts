/**
 * Page object of the till's renderer (terminal/src/ui). Tests talk to the till through these
 * methods; the selectors are the renderer's stable data-testids.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type TillOrderStatus = 'queued' | 'sending' | 'pending' | 'confirmed' | 'declined' | 'rejected' | 'cancelled' | 'needs_attention';

/** Minor units as the text a cashier types (1250 → "12.50"). */
const amountText = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

export class TillPage {
  constructor(readonly page: Page) {}

  /** A till page at `url` with its catalogue loaded: where every scenario starts. */
  static async open(page: Page, url: string): Promise<TillPage> {
    const till = new TillPage(page);
    await till.goto(url);
    await till.waitForCatalog();
    return till;
  }

  /** Signs a staff member in on the till's sign-in screen: their name, then their PIN. */
  async signIn(name: string, pin: string): Promise<void> {
    await this.page.locator(`[data-testid="sign-in-staff"][data-staff-name="${name}"]`).click();
    await this.byTestId('sign-in-pin').fill(pin);
    await this.byTestId('sign-in-submit').click();
  }

  /** Approves an override in the till's override dialog as `name` with their PIN. */
  async approveOverride(name: string, pin: string): Promise<void> {
    await this.page.locator(`[data-testid="override-approver"][data-staff-name="${name}"]`).click();
    await this.byTestId('override-pin').fill(pin);
    await this.byTestId('override-submit').click();
  }

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /**
   * Opens the till. By default also waits until it has checked its sale numbering with POS Core
   * (a fresh browser profile continues after the seqs this terminal already used on the shared stack).
   */
  async goto(url: string, options: { numbered?: boolean } = {}): Promise<void> {
    await this.page.goto(url);
    await this.byTestId('online-badge').waitFor();
    if (options.numbered ?? true) {
      await this.waitForNumbering();
      // Selling needs an open shift; opened after the numbering check so its record continues the till's seqs.
      await this.ensureShiftOpen();
    }
  }

  /** The one place scenarios get an open shift: opens one with this float (minor units) unless one is open. */
  async ensureShiftOpen(floatMinor = 0): Promise<void> {
    await this.openShiftScreen();
    const form = this.byTestId('shift-open-form');
    const panel = this.byTestId('shift-open-panel');
    await form.or(panel).first().waitFor();
    if (await form.isVisible()) await this.openShift(floatMinor);
    await this.openSell();
  }

  async openShiftScreen(): Promise<void> {
    await this.byTestId('nav-shift').click();
  }

  /** Opens a shift with a counted float (minor units) on the Shift screen. */
  async openShift(floatMinor: number): Promise<void> {
    await this.openShiftScreen();
    await this.byTestId('shift-float').fill(amountText(floatMinor));
    await this.byTestId('shift-open').click();
    await this.byTestId('shift-open-panel').waitFor();
  }

  /** Cash in or out of the drawer with a reason. */
  async moveCash(direction: 'in' | 'out', amountMinor: number, reason: string): Promise<void> {
    await this.openShiftScreen();
    await this.byTestId('cash-amount').fill(amountText(amountMinor));
    await this.byTestId('cash-reason').fill(reason);
    await this.byTestId(`cash-${direction}`).click();
    await expect(this.byTestId('cash-amount')).toHaveValue('');
  }

  /** Closes the shift with a blind count: quantities by denomination (minor units). */
  async closeShift(count: Record<number, number>): Promise<void> {
    await this.openShiftScreen();
    for (const [value, quantity] of Object.entries(count)) await this.byTestId(`count-${value}`).fill(String(quantity));
    await this.byTestId('shift-close').click();
    await this.byTestId('shift-open-form').waitFor();
  }

  /** The newest Z report on the Shift screen. */
  latestZ(): Locator {
    return this.byTestId('z-report').first();
  }

  /**
   * Waits until the till has read its terminal's last seq and its store's currency from POS Core
   * (Sync screen: "next sale number", "the store sells in").
   */
  async waitForNumbering(timeoutMs = 30_000): Promise<void> {
    await this.openSync();
    await this.page.locator('[data-testid="next-seq"][data-checked="true"]').waitFor({ timeout: timeoutMs });
    await this.page.locator('[data-testid="store-currency"][data-known="true"]').waitFor({ timeout: timeoutMs });
    await this.openSell();
  }

  /** Waits until the catalogue copy holds at least one product (tiles shown). */
  async waitForCatalog(timeoutMs = 30_000): Promise<void> {
    await this.openSell();
    await this.byTestId('product-tile').first().waitFor({ timeout: timeoutMs });
  }

  /** 'online' | 'offline' | 'unknown' (POS Core reachable or not). */
  async onlineState(): Promise<string> {
    return (await this.byTestId('online-badge').getAttribute('data-state')) ?? 'unknown';
  }

  async waitForOnlineState(state: 'online' | 'offline', timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="online-badge"][data-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  async catalogAgeText(): Promise<string> {
    return (await this.byTestId('catalog-age').textContent()) ?? '';
  }

  async isCatalogStale(): Promise<boolean> {
    return (await this.byTestId('catalog-age').getAttribute('data-stale')) === 'true';
  }

  async openSell(): Promise<void> {
    await this.byTestId('nav-sell').click();
  }

  async openOrders(): Promise<void> {
    await this.byTestId('nav-orders').click();
  }

  async openSync(): Promise<void> {
    await this.byTestId('nav-sync').click();
  }

  /** Types into the search box (name words, SKU, id or barcode). */
  async search(text: string): Promise<void> {
    await this.openSell();
    await this.byTestId('search-input').fill(text);
  }

  tile(productId: string): Locator {
    return this.page.locator(`[data-testid="product-tile"][data-product-id="${productId}"]`);
  }

  /** Adds one unit of a product, found by its id or its name, to the cart. */
  async addProduct(idOrName: string): Promise<void> {
    await this.search(idOrName);
    // Waits for the tile (the search filters as it renders): the one of that id, else one showing that name.
    await this.tile(idOrName)
      .or(this.byTestId('product-tile').filter({ hasText: idOrName }))
      .first()
      .click();
  }

  /**
   * A keyboard-wedge scanner: the code's key events back to back (a scanner sends them a few ms
   * apart; Playwright's keyboard needs a round trip per key, far slower on a busy machine), then Enter,
   * to whatever has the focus (no field is clicked first). Each key's default action is what a real
   * key does: a keydown nobody prevented types its character into the focused field.
   */
  async wedgeScan(code: string): Promise<void> {
    await this.page.evaluate((text) => {
      const press = (key: string, keyCode: number): boolean => {
        const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
        // KeyboardEventInit has no keyCode; scanners' suffix detection reads it.
        Object.defineProperty(event, 'keyCode', { get: () => keyCode });
        Object.defineProperty(event, 'which', { get: () => keyCode });
        return (document.activeElement ?? document.body).dispatchEvent(event);
      };
      for (const char of text) {
        if (press(char, char.toUpperCase().charCodeAt(0)) && document.activeElement instanceof HTMLInputElement) {
          document.execCommand('insertText', false, char);
        }
      }
      press('Enter', 13);
    }, code);
  }

  /** The notice above the catalogue (what the till says about the last thing the cashier did). */
  notice(): Locator {
    return this.page.locator('.catalogue .notice');
  }

  /** A keyboard-wedge scanner at full speed: the code lands in the barcode field, then Enter. */
  async scanQuick(barcode: string): Promise<void> {
    const field = this.byTestId('barcode-input');
    await field.fill(barcode);
    await field.press('Enter');
  }

  /**
   * One cash sale of the scanned barcodes, paid with the exact amount ("Exact cash"). Resolves with
   * the new sale's order id once the till shows it as the last sale. Expects the Sell screen.
   */
  async sellExactCash(barcodes: readonly string[]): Promise<string> {
    const previous = await this.lastOrderId();
    for (const code of barcodes) await this.scanQuick(code);
    await this.byTestId('pay-exact-cash').click();
    const selector =
      previous === null ? '[data-testid="last-order-status"]' : `[data-testid="last-order-status"]:not([data-order-id="${previous}"])`;
    const status = this.page.locator(selector);
    await status.waitFor();
    return (await status.getAttribute('data-order-id')) ?? '';
  }

  /** The available stock shown on a product's tile. */
  async stockOf(productId: string): Promise<number> {
    await this.search(productId);
    return Number(await this.tile(productId).getByTestId('product-stock').textContent());
  }

  /** Waits until the tile of a product shows `stock` (after catalogue refreshes). */
  async waitForStock(productId: string, stock: number, timeoutMs = 30_000): Promise<void> {
    await this.search(productId);
    await this.page
      .locator(`[data-testid="product-tile"][data-product-id="${productId}"] [data-testid="product-stock"]`)
      .filter({ hasText: new RegExp(`^${stock}$`) })
      .waitFor({ timeout: timeoutMs });
  }

  cartLines(): Locator {
    return this.byTestId('cart-line');
  }

  /** Parks the current cart (Sell screen, cart mode). */
  async parkCart(): Promise<void> {
    await this.byTestId('park-cart').click();
  }

  /** The parked carts' rows (Sell screen). */
  parkedCarts(): Locator {
    return this.byTestId('parked-cart');
  }

  async cartTotal(): Promise<string> {
    return (await this.byTestId('cart-total').textContent()) ?? '';
  }

  /** Pays the cart in cash: enters the amount received (minor units) and confirms. */
  /** Types the customer's email for an emailed receipt (before paying). */
  async enterReceiptEmail(email: string): Promise<void> {
    await this.page.getByTestId('receipt-email').fill(email);
  }

  async payCash(receivedMinor: number): Promise<void> {
    await this.openCashPayment();
    await this.confirmCashPayment(receivedMinor);
  }

  /** Opens the cash payment of the cart (what is due in cash is shown). */
  async openCashPayment(): Promise<void> {
    await this.byTestId('pay-cash').click();
  }

  /** In the open cash payment: enters the amount received (minor units) and confirms. */
  async confirmCashPayment(receivedMinor: number): Promise<void> {
    await this.byTestId('cash-received').fill(amountText(receivedMinor));
    const previous = await this.lastOrderId();
    await this.byTestId('confirm-cash').click();
    await this.waitForNewLastOrder(previous);
  }

  /** In the open cash payment: what is due in cash (formatted) and the rounding note, if any. */
  async cashDue(): Promise<{ due: string; rounding: string | null }> {
    const due = (await this.byTestId('cash-due').textContent()) ?? '';
    const note = this.byTestId('cash-rounding');
    return { due, rounding: (await note.count()) > 0 ? await note.textContent() : null };
  }

  /**
   * Gives a discount on a cart line (`line`: its product id) or on the whole order: percent ("10") or
   * amount ("0.50"), with a reason. Resolves once the form closed (applied) or shows its problem.
   */
  async giveDiscount(line: string | 'order', type: 'percent' | 'amount', value: string, reason: string): Promise<string | null> {
    const form = line === 'order' ? this.byTestId('discount-form-order') : this.byTestId('discount-form-line');
    if (line === 'order') await this.byTestId('order-discount-open').click();
    else await this.page.locator(`[data-testid="cart-line"][data-product-id="${line}"] [data-testid="line-discount"]`).click();
    await form.getByTestId('discount-type').selectOption(type);
    await form.getByTestId('discount-value').fill(value);
    await form.getByTestId('discount-reason').fill(reason);
    await form.getByTestId('discount-apply').click();
    const problem = form.getByTestId('discount-problem');
    await Promise.race([form.waitFor({ state: 'detached' }), problem.waitFor()]);
    return (await problem.count()) > 0 ? await problem.textContent() : null;
  }

  async cartDiscount(): Promise<string> {
    return (await this.byTestId('cart-discount').textContent()) ?? '';
  }

  /** The change due shown (formatted money, e.g. "€2.50"). */
  async changeDue(): Promise<string> {
    return (await this.byTestId('change-due').textContent()) ?? '';
  }

  /** Pays the cart by card with a test token (tok_visa, tok_declined…); resolves once the outcome is known. */
  async payCard(token: string, timeoutMs = 60_000): Promise<void> {
    await this.byTestId('pay-card').click();
    await this.byTestId('card-token').selectOption(token);
    const previous = await this.lastOrderId();
    await this.byTestId('confirm-card').click();
    await this.waitForNewLastOrder(previous, timeoutMs);
  }

  /**
   * Pays the cart split: a card part of `cardMinor` with a test token, the rest in cash (`cashReceivedMinor`
   * handed over; ignored when nothing is left for cash). Resolves once the outcome is known.
   */
  async paySplit(cardMinor: number, token: string, cashReceivedMinor: number, timeoutMs = 60_000): Promise<void> {
    await this.paySplitCards([{ amount: cardMinor, token }], cashReceivedMinor, timeoutMs);
  }

  /** Pays the cart with several card parts (part 1 first, each its amount and simulated card) and the rest in cash. */
  async paySplitCards(cards: { amount: number; token: string }[], cashReceivedMinor: number, timeoutMs = 60_000): Promise<void> {
    await this.byTestId('pay-split').click();
    for (const [i, card] of cards.entries()) {
      if (i > 0) await this.byTestId('add-card-part').click();
      await this.byTestId('split-card-amount').nth(i).fill(amountText(card.amount));
      await this.byTestId('split-card-token').nth(i).selectOption(card.token);
    }
    const cash = this.byTestId('split-cash-received');
    if ((await cash.count()) > 0) await cash.fill(amountText(cashReceivedMinor));
    const previous = await this.lastOrderId();
    await this.byTestId('confirm-split').click();
    await this.waitForNewLastOrder(previous, timeoutMs);
  }

  /** The id of the sale shown as the last one, or null before the first sale. */
  async lastOrderId(): Promise<string | null> {
    const status = this.byTestId('last-order-status');
    return (await status.count()) > 0 ? status.getAttribute('data-order-id') : null;
  }

  private async waitForNewLastOrder(previous: string | null, timeoutMs = 30_000): Promise<void> {
    const selector =
      previous === null ? '[data-testid="last-order-status"]' : `[data-testid="last-order-status"]:not([data-order-id="${previous}"])`;
    await this.page.locator(selector).waitFor({ timeout: timeoutMs });
  }

  /** The last sale's status code (the cashier reads it in words; the code is the element's data-status). */
  async lastOrderStatus(): Promise<TillOrderStatus> {
    return ((await this.byTestId('last-order-status').getAttribute('data-status')) ?? '') as TillOrderStatus;
  }

  async waitForLastOrderStatus(status: TillOrderStatus, timeoutMs = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="last-order-status"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
  }

  async newSale(): Promise<void> {
    await this.byTestId('new-sale').click();
  }

  /** Sales waiting to be sent (queued + sending), as the Sync screen shows. */
  async queuedCount(): Promise<number> {
    await this.openSync();
    return Number(await this.byTestId('queued-count').textContent());
  }

  async waitForQueuedCount(count: number, timeoutMs = 60_000): Promise<void> {
    await this.openSync();
    await this.byTestId('queued-count')
      .filter({ hasText: new RegExp(`^${count}$`) })
      .waitFor({ timeout: timeoutMs });
  }

  /** Every order row of the Orders screen: id and status. */
  async orders(): Promise<{ id: string; status: TillOrderStatus }[]> {
    await this.openOrders();
    const rows = this.byTestId('order-row');
    return rows.evaluateAll((elements) =>
      elements.map((e) => ({
        id: e.getAttribute('data-order-id') ?? '',
        status: (e.getAttribute('data-status') ?? '') as TillOrderStatus,
      })),
    );
  }

  /** The card panel's "checking payment…" notice (shown while a card outcome is unresolved). */
  cardChecking(): Locator {
    return this.byTestId('card-checking');
  }

  /** Exports the unsynced sales from the Sync screen; resolves with the saved file's path. */
  async exportSales(): Promise<string> {
    await this.openSync();
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.byTestId('export-sales').click()]);
    const path = await download.path();
    if (!path) throw new Error(`the export download failed: ${await download.failure()}`);
    return path;
  }

  /** Imports a sales file on the Sync screen; resolves with the till's message about it. */
  async importSales(filePath: string): Promise<string> {
    await this.openSync();
    const message = this.byTestId('transfer-message');
    const before = Number((await message.count()) > 0 ? await message.getAttribute('data-count') : 0);
    await this.byTestId('import-sales-file').setInputFiles(filePath);
    await this.page.locator(`[data-testid="transfer-message"][data-count="${before + 1}"]`).waitFor();
    return (await message.textContent()) ?? '';
  }

  /** Asks the till to reset (sign out); resolves with what the till answered. */
  async resetTill(): Promise<string> {
    await this.openSync();
    await this.byTestId('reset-till').click();
    await this.byTestId('confirm-reset').click();
    const message = this.byTestId('reset-message');
    await message.waitFor();
    return (await message.textContent()) ?? '';
  }

  /**
   * Fires the browser's 'online' event, as when a network comes back: the till probes its services at
   * once (and the next periodic probe is then a whole period away). Resolves when the probe of
   * `serviceUrl` has been answered.
   */
  async probeNow(serviceUrl: string): Promise<void> {
    await Promise.all([
      this.page.waitForResponse((response) => response.url() === new URL('/healthz', serviceUrl).href),
      this.page.evaluate(() => window.dispatchEvent(new Event('online'))),
    ]);
  }

  /** The Sell screen's "N sales not sent yet · oldest … ago" line (absent when none waits). */
  unsentSales(): Locator {
    return this.byTestId('unsent-sales');
  }

  /** The search box (its value is the current query). */
  searchInput(): Locator {
    return this.byTestId('search-input');
  }

  /** The last sale's "Print receipt" button (only offered for a sale that can have a receipt). */
  printReceipt(): Locator {
    return this.byTestId('print-receipt');
  }

  /** The sentence saying what went wrong with the last sale (declined, not sent yet…). */
  lastOrderProblem(): Locator {
    return this.byTestId('last-order-problem');
  }

  /** The Orders screen's row of one sale (open the Orders screen first). */
  orderRow(orderId: string): Locator {
    return this.page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  }

  /** What a person reads on the current screen (rendered text only: folded "Details" are not part of it). */
  async visibleText(): Promise<string> {
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (textContent includes folded details).
    return this.page.locator('main').innerText();
  }

  /** The Sync screen's list of failed sends since the queue last drained (empty when none). */
  syncErrors(): Locator {
    return this.byTestId('sync-error');
  }

  async orderStatus(orderId: string): Promise<TillOrderStatus | null> {
    await this.openOrders();
    return (await this.page
      .locator(`[data-testid="order-row"][data-order-id="${orderId}"]`)
      .getAttribute('data-status')) as TillOrderStatus | null;
  }
}
