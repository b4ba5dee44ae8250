-- A void that finds no payment leaves a tombstone: a `voided` payment of amount 0 in currency XXX
-- (ISO 4217 "no currency"). UNIQUE (tenant_id, order_id) then refuses any authorization of that
-- order that arrives later — an authorize delayed in the network past the saga's compensation can
-- never leave funds held for an order that did not confirm (G2).
ALTER TABLE payments DROP CONSTRAINT payments_amount_check;
ALTER TABLE payments ADD CONSTRAINT payments_amount_check CHECK (amount > 0 OR (status = 'voided' AND amount = 0));
