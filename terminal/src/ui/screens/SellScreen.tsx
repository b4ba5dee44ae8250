import type { Product } from '@pos/shared/product';
import { findByBarcode, searchProducts } from '@pos/till-core/catalog';
import {
  CardPaymentRefused,
  cartReducer,
  cartTotals,
  cashDue,
  currentSaleContext,
  EMPTY_CART,
  recordCashSale,
  type SplitPayment,
} from '@pos/till-core/checkout';
import { type ParkedCart, parkCart, resumeParkedCart } from '@pos/till-core/parked';
import { type OpenShift, watchOpenShift } from '@pos/till-core/shift';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useReducer, useRef, useState } from 'react';
import { type CashierMessage, cardNotPaidNotice, errorMessage, parkedCartsExpiredNotice } from '../cashier-text.ts';
import { CardPayment } from '../components/CardPayment.tsx';
import { CartPanel } from '../components/CartPanel.tsx';
import { CashPayment } from '../components/CashPayment.tsx';
import { Diagnostic } from '../components/Diagnostic.tsx';
import { NoSaleButton } from '../components/NoSaleButton.tsx';
import { ParkedCarts } from '../components/ParkedCarts.tsx';
import { ProductGrid } from '../components/ProductGrid.tsx';
import { ReceiptEmailField } from '../components/ReceiptEmailField.tsx';
import { SaleResult } from '../components/SaleResult.tsx';
import { SplitPayment as SplitPaymentPanel } from '../components/SplitPayment.tsx';
import { UnsentSales } from '../components/UnsentSales.tsx';
import { useScanHandler } from '../scan-context.ts';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';
import { useStoreCurrency } from '../use-store-currency.ts';
import { useStorePricing } from '../use-store-pricing.ts';
import { useWatch } from '../use-watch.ts';

type Mode = 'cart' | 'cash' | 'card' | 'split';

export function SellScreen() {
  const till = useTill();
  const index = useStore(till.catalog);
  const uncounted = useStore(till.uncountedSales);
  const reachability = useStore(till.posCoreReachability);
  const card = useStore(till.cardCheckout);
  const currency = useStoreCurrency();
  const [cart, dispatch] = useReducer(cartReducer, EMPTY_CART);
  const [mode, setMode] = useState<Mode>('cart');
  const [query, setQuery] = useState('');
  const [barcode, setBarcode] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [lastSaleId, setLastSaleId] = useState<string | null>(null);
  const [payError, setPayError] = useState<CashierMessage | null>(null);
  const barcodeField = useRef<HTMLInputElement>(null);
  // Payment started for this cart (the cashier chose cash or card): removing a line now may need an override.
  const [paymentStarted, setPaymentStarted] = useState(false);
  const guarded = useGuardedAction();
  const removeLine = (productId: string, name: string) => {
    const remove = () => dispatch({ type: 'remove', productId });
    if (!paymentStarted) remove();
    else void guarded.guard({ action: 'remove_line_after_payment' }, { subjectId: lastSaleId, detail: `removed ${name}` }, remove);
  };
  const deferredQuery = useDeferredValue(query);
  const products = searchProducts(index, deferredQuery, 60);
  const { pricing } = useStorePricing();
  const totals = cartTotals(cart, pricing);
  const cashTotal = cashDue(totals.total, pricing);
  const online = reachability.state === 'online';
  const cardBusy = card.phase === 'charging' || card.phase === 'checking';
  // undefined until read; null: no shift open (selling is refused by the till core).
  const openShift = useWatch<OpenShift | null | undefined>((onValue) => watchOpenShift(till.db, onValue), [till.db], undefined);

  const add = (product: Product) => {
    if (cardBusy) {
      setNotice('Wait for the card payment to resolve.');
      return;
    }
    dispatch({ type: 'add', product });
    setNotice(null);
    if (cart.lines.length === 0) setLastSaleId(null);
  };

  /** A product code, scanned or typed into the barcode field: adds its product, or says plainly that none has it. */
  const addByBarcode = (code: string) => {
    const product = findByBarcode(index, code);
    if (product) add(product);
    else setNotice(`No product with barcode ${code}.`);
  };

  // Scans from anywhere in the window (the focus may be in the search or the email field). A receipt's
  // order number reaches this screen only when no screen that finds orders (refunds) is open.
  useScanHandler((scan) => {
    if (scan.kind === 'product') addByBarcode(scan.code);
    else setNotice(`That is the order number of a receipt (${scan.orderId}), not a product.`);
    return true;
  });

  const cashSale = useMutation({
    mutationFn: async (received: number) => {
      const context = await currentSaleContext(till.db, till.config.terminalId, till.posCoreReachability);
      return recordCashSale(till.db, { cart, received, context });
    },
    onSuccess: (sale) => {
      till.syncEngine.notifySaleRecorded();
      setLastSaleId(sale.id);
      dispatch({ type: 'clear' });
      setPaymentStarted(false);
      setMode('cart');
      setPayError(null);
      // The search belonged to this customer's sale.
      setQuery('');
      // Ready for the next customer's first scan (keyboard-wedge scanners type into the focused field).
      barcodeField.current?.focus();
    },
    onError: (error) => setPayError(errorMessage(error, 'sale')),
  });

  const chargeCard = async (payment: { cardToken: string } | { split: SplitPayment }) => {
    setPayError(null);
    try {
      const context = await currentSaleContext(till.db, till.config.terminalId, till.posCoreReachability);
      const outcome = await till.cardCheckout.charge({ cart, context, ...payment });
      if (outcome.phase === 'done' || outcome.phase === 'failed') setLastSaleId(outcome.saleId);
      if (outcome.phase === 'done' && (outcome.status === 'confirmed' || outcome.status === 'pending')) {
        dispatch({ type: 'clear' });
        setPaymentStarted(false);
        setQuery('');
        setMode('cart');
      } else if (outcome.phase === 'done') {
        // Declined or rejected: the order is final at the server. The cart stays; the next attempt is a new order.
        setNotice(cardNotPaidNotice(outcome.status, outcome.reason));
        setMode('cart');
      }
    } catch (error) {
      setPayError(errorMessage(error, 'card'));
    }
  };

  const newSale = async () => {
    try {
      await till.cardCheckout.reset();
    } catch (error) {
      if (error instanceof CardPaymentRefused) {
        setNotice(error.message);
        return;
      }
      throw error;
    }
    dispatch({ type: 'clear' });
    setPaymentStarted(false);
    setLastSaleId(null);
    setMode('cart');
    setPayError(null);
    setNotice(null);
    setQuery('');
  };

  // Parking puts the cart aside on this till (no stock is held) to serve the next customer.
  const park = async () => {
    try {
      await parkCart(till.db, cart);
    } catch (error) {
      setNotice(errorMessage(error, 'sale').sentence);
      return;
    }
    dispatch({ type: 'clear' });
    setMode('cart');
    setPayError(null);
    setQuery('');
    setNotice('Cart parked. Resume it from the parked list.');
    barcodeField.current?.focus();
  };

  const resume = async (parked: ParkedCart) => {
    const outcome = await resumeParkedCart(till.db, parked.id);
    if (outcome.kind === 'resumed') {
      dispatch({ type: 'restore', cart: outcome.cart });
      setLastSaleId(null);
      setNotice(null);
    } else if (outcome.kind === 'expired') setNotice(parkedCartsExpiredNotice([outcome.parked], currency));
    else setNotice('That parked cart was already resumed.');
  };

  const onParkedExpired = useCallback((expired: ParkedCart[]) => setNotice(parkedCartsExpiredNotice(expired, currency)), [currency]);

  const cancelPending = async () => {
    try {
      await till.cardCheckout.cancelPending();
    } catch (error) {
      setNotice(errorMessage(error, 'cancel').sentence);
    }
  };

  return (
    <div className="sell">
      <UnsentSales />
      {openShift === null && (
        <p className="notice" role="status" data-testid="no-shift">
          No shift is open on this till: open one with its float on the Shift screen before selling.
        </p>
      )}
      <section className="catalogue" aria-label="Catalogue">
        <div className="search-row">
          <input
            type="search"
            data-testid="search-input"
            placeholder="Search name or SKU"
            aria-label="Search products"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
              const only = products.length === 1 ? products[0] : undefined;
              if (e.key === 'Enter' && only) add(only);
            }}
          />
          <input
            ref={barcodeField}
            data-testid="barcode-input"
            placeholder="Scan barcode"
            aria-label="Barcode"
            inputMode="numeric"
            autoComplete="off"
            value={barcode}
            onChange={(e) => setBarcode(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              const code = barcode.trim();
              setBarcode('');
              if (code !== '') addByBarcode(code);
            }}
          />
        </div>
        {notice && (
          <p className="notice" role="alert">
            {notice}
          </p>
        )}
        <ProductGrid products={products} uncounted={uncounted} onAdd={add} />
      </section>
      <aside className="checkout" aria-label="Checkout">
        {lastSaleId && <SaleResult saleId={lastSaleId} onNewSale={() => void newSale()} onCancelPending={() => void cancelPending()} />}
        {(!lastSaleId || cart.lines.length > 0) && <CartPanel cart={cart} dispatch={dispatch} onRemove={removeLine} />}
        {guarded.dialog}
        {mode === 'cart' && cart.lines.length > 0 && (
          <ReceiptEmailField value={cart.receiptEmail ?? ''} onChange={(email) => dispatch({ type: 'setReceiptEmail', email })} />
        )}
        {mode === 'cart' && cart.lines.length > 0 && (
          <div className="row pay-buttons">
            <button
              type="button"
              className="primary pay-button"
              data-testid="pay-cash"
              onClick={() => {
                setPayError(null);
                setPaymentStarted(true);
                setMode('cash');
              }}
            >
              Pay cash
            </button>
            <button
              type="button"
              className="primary pay-button"
              data-testid="pay-exact-cash"
              disabled={cashSale.isPending}
              title="The customer hands over the exact amount: record the cash sale at once"
              onClick={() => {
                setPayError(null);
                cashSale.mutate(cashTotal);
              }}
            >
              Exact cash
            </button>
            <button
              type="button"
              className="primary pay-button"
              data-testid="pay-card"
              onClick={() => {
                setPayError(null);
                setPaymentStarted(true);
                setMode('card');
              }}
            >
              Pay card
            </button>
            <button
              type="button"
              className="pay-button"
              data-testid="pay-split"
              disabled={!online}
              title={online ? 'Part by card, the rest in cash' : 'Offline: cash only'}
              onClick={() => {
                setPayError(null);
                setMode('split');
              }}
            >
              Split
            </button>
            <button
              type="button"
              className="pay-button"
              data-testid="park-cart"
              disabled={cashSale.isPending}
              title="Put this cart aside and serve the next customer; resume it later"
              onClick={() => void park()}
            >
              Park
            </button>
          </div>
        )}
        {cart.lines.length === 0 && mode === 'cart' && <NoSaleButton />}
        <ParkedCarts
          currency={currency}
          canResume={cart.lines.length === 0 && mode === 'cart' && !cardBusy}
          onResume={(parked) => void resume(parked)}
          onExpired={onParkedExpired}
        />
        {mode === 'cart' && payError && (
          <div className="error" role="alert">
            <p>{payError.sentence}</p>
            <Diagnostic text={payError.diagnostic} testId="pay-error-diagnostic" />
          </div>
        )}
        {mode === 'cash' && cart.lines.length > 0 && (
          <CashPayment
            total={totals.total}
            due={cashTotal}
            busy={cashSale.isPending}
            error={payError?.sentence ?? null}
            onConfirm={(received) => cashSale.mutate(received)}
            onCancel={() => setMode('cart')}
          />
        )}
        {mode === 'split' && (cart.lines.length > 0 || cardBusy) && (
          <SplitPaymentPanel
            total={totals.total}
            pricing={pricing}
            online={online}
            state={card}
            error={payError?.sentence ?? null}
            onConfirm={(split) => void chargeCard({ split })}
            onCancel={() => setMode('cart')}
          />
        )}
        {mode === 'card' && (cart.lines.length > 0 || cardBusy) && (
          <CardPayment
            total={totals.total}
            online={online}
            state={card}
            error={payError}
            onConfirm={(cardToken) => void chargeCard({ cardToken })}
            onRetryNow={() => till.cardCheckout.retryNow()}
            onCancel={() => setMode('cart')}
          />
        )}
      </aside>
    </div>
  );
}
