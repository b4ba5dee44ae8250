/**
 * The store's pricing rules (store settings, `PUT /v1/store/settings`): shelf prices with tax included or
 * added, the cash rounding increment and the cashiers' discount cap. Tills learn them when they next read
 * their store (`GET /v1/store`); POS Core checks every sale against them (an `order.pricing_mismatch`).
 */
import { type StoreSettings, storeSettings } from '@pos/shared/store-settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useConsoleApi } from '../console-context.ts';
import { storeSettingsQuery } from '../queries.ts';
import { SaveButton } from '../SaveButton.tsx';

function RulesForm({ current }: { current: StoreSettings }) {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const [included, setIncluded] = useState(current.pricesIncludeTax);
  const [increment, setIncrement] = useState(String(current.cashRoundingIncrement));
  const [cap, setCap] = useState(String(current.discountCapPercent));
  const save = useMutation({
    mutationFn: () =>
      api.call('posCore', '/v1/store/settings', storeSettings, {
        method: 'PUT',
        body: {
          tillSilentAfterSeconds: current.tillSilentAfterSeconds,
          pricesIncludeTax: included,
          cashRoundingIncrement: Number(increment),
          discountCapPercent: Number(cap),
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['store-settings'] }),
  });
  return (
    <form
      className="inline-form"
      data-testid="pricing-rules"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        <input data-testid="prices-include-tax" type="checkbox" checked={included} onChange={(e) => setIncluded(e.target.checked)} /> Prices
        include tax
      </label>
      <label>
        Round cash to
        <input
          data-testid="cash-rounding-increment"
          type="number"
          min={1}
          value={increment}
          onChange={(e) => setIncrement(e.target.value)}
        />{' '}
        minor units
      </label>
      <label>
        Discount cap
        <input data-testid="discount-cap" type="number" min={0} max={100} value={cap} onChange={(e) => setCap(e.target.value)} /> %
      </label>
      <SaveButton pending={save.isPending} error={save.error} />
    </form>
  );
}

export function PricingRulesForm() {
  const api = useConsoleApi();
  const settings = useQuery(storeSettingsQuery(api));
  if (!settings.data) return null;
  return (
    <div>
      <h3>Pricing rules</h3>
      <RulesForm key={JSON.stringify(settings.data)} current={settings.data} />
    </div>
  );
}
