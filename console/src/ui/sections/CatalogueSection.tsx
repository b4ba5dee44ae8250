/**
 * Catalogue and stock: search the store's products, see on hand, reserved (held by pending sales) and
 * available; edit a product's name, price and tax rate; receive stock. Each change is sent with an
 * Idempotency-Key made when the manager clicks (Inventory: `POST /v1/products`, `POST /v1/stock/movements`).
 */
import { amountText, formatMoney, parseAmount } from '@pos/shared/money';
import { type Product, product } from '@pos/shared/product';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { searchCatalogue } from '../../domain/search-catalogue.ts';
import { useConsoleApi } from '../console-context.ts';
import { catalogueQuery, storeQuery } from '../queries.ts';
import { PricingRulesForm } from './PricingRulesForm.tsx';

const productAnswer = z.object({ product });

function ProductEditor({ item, onClose }: { item: Product; onClose: () => void }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(item.name);
  const [price, setPrice] = useState(amountText(item.price));
  const [taxPercent, setTaxPercent] = useState(String(item.taxRateBps / 100));
  const [received, setReceived] = useState('');
  const [reason, setReason] = useState('delivery');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['catalogue'] });
  const save = useMutation({
    mutationFn: () => {
      const minor = parseAmount(price);
      if (minor === null) throw new Error('The price must be an amount like 2.50.');
      const body = {
        id: item.id,
        sku: item.sku,
        barcode: item.barcode,
        name: name.trim(),
        category: item.category,
        price: minor,
        taxRateBps: Math.round(Number(taxPercent) * 100),
        kitchenStation: item.kitchenStation ?? null,
        lowStockThreshold: item.lowStockThreshold ?? null,
      };
      return api.call('inventory', '/v1/products', productAnswer, { method: 'POST', body, key: crypto.randomUUID() });
    },
    onSuccess: refresh,
  });
  const receive = useMutation({
    mutationFn: () =>
      api.call('inventory', '/v1/stock/movements', productAnswer, {
        method: 'POST',
        key: crypto.randomUUID(),
        body: { productId: item.id, kind: 'receipt', quantity: Number(received), reason: reason.trim() },
      }),
    onSuccess: () => {
      setReceived('');
      void refresh();
    },
  });
  return (
    <aside className="panel" data-testid="product-editor" data-product-id={item.id}>
      <button type="button" className="close" onClick={onClose} aria-label="Close">
        ×
      </button>
      <h3>{item.name}</h3>
      <p className="muted">
        {item.id} · SKU {item.sku} · barcode {item.barcode}
      </p>
      <form
        className="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label>
          Name <input data-testid="edit-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Price <input data-testid="edit-price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required />
        </label>
        <label>
          Tax rate (%){' '}
          <input data-testid="edit-tax" inputMode="decimal" value={taxPercent} onChange={(e) => setTaxPercent(e.target.value)} required />
        </label>
        <button type="submit" className="primary" data-testid="edit-save" disabled={save.isPending}>
          Save
        </button>
        {save.isSuccess && <span className="ok">Saved.</span>}
        {save.error && <span className="bad">{save.error.message}</span>}
      </form>
      <h4>Receive stock</h4>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          receive.mutate();
        }}
      >
        <input
          data-testid="receive-quantity"
          type="number"
          min={1}
          placeholder="Units"
          value={received}
          onChange={(e) => setReceived(e.target.value)}
          required
        />
        <input data-testid="receive-reason" placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
        <button type="submit" data-testid="receive-stock" disabled={receive.isPending}>
          Receive
        </button>
        {receive.data && <span data-testid="receive-result">On hand now {receive.data.product.onHand}</span>}
        {receive.error && <span className="bad">{receive.error.message}</span>}
      </form>
    </aside>
  );
}

export function CatalogueSection() {
  const api = useConsoleApi();
  const currency = useQuery(storeQuery(api)).data?.currency;
  const catalogue = useQuery(catalogueQuery(api));
  const [text, setText] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  const found = catalogue.data ? searchCatalogue(catalogue.data, text) : [];
  const editing = catalogue.data?.find((p) => p.id === opened);
  return (
    <section className="split">
      <div>
        <h2>Catalogue and stock</h2>
        <input
          data-testid="catalogue-search"
          placeholder="Search name, id, SKU, barcode"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {catalogue.isError && <p className="bad">{catalogue.error.message}</p>}
        <table>
          <thead>
            <tr>
              <th>Product</th>
              <th>Price</th>
              <th>On hand</th>
              <th>Reserved</th>
              <th>Available</th>
            </tr>
          </thead>
          <tbody>
            {found.map((p) => (
              <tr key={p.id} className="clickable" data-testid="catalogue-row" data-product-id={p.id} onClick={() => setOpened(p.id)}>
                <td>{p.name}</td>
                <td data-testid="catalogue-price">{formatMoney(p.price, currency)}</td>
                <td data-testid="catalogue-on-hand">{p.onHand}</td>
                <td data-testid="catalogue-reserved">{p.reserved}</td>
                <td data-testid="catalogue-available" className={p.available < 0 ? 'bad' : undefined}>
                  {p.available}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {catalogue.data && found.length === 0 && <p>No product matches.</p>}
        <PricingRulesForm />
      </div>
      {editing && <ProductEditor key={editing.id} item={editing} onClose={() => setOpened(null)} />}
    </section>
  );
}
