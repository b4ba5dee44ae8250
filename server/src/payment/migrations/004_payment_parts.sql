-- Several cards for one order (issue #18): one payment per order AND card part. Part k is the order's
-- k-th card tender; a single-card order's payment is part 1, so the rows before this migration keep
-- their meaning. UNIQUE (order_id, tenant_id, part) is the wall behind the idempotency keys, per part:
-- no card part is ever authorized twice, and a void tombstone of a part refuses a late authorization
-- of that part (G2). It still leads with order_id (003_order_key_order.sql says why).
ALTER TABLE payments ADD COLUMN part smallint NOT NULL DEFAULT 1 CHECK (part BETWEEN 1 AND 4);
ALTER TABLE payments DROP CONSTRAINT payments_order_key;
ALTER TABLE payments ADD CONSTRAINT payments_order_key UNIQUE (order_id, tenant_id, part);
