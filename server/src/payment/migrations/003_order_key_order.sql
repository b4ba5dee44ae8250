-- One payment per order: the unique key leads with order_id, not tenant_id (same uniqueness). The
-- foreign key of payment_operations is checked with a cached `… WHERE tenant_id = $1 AND id = $2`
-- plan, which on a fresh database could otherwise use this index and scan every payment of the
-- store per operation. See common/index-rules.pg.test.ts.
ALTER TABLE payments DROP CONSTRAINT payments_tenant_id_order_id_key;
ALTER TABLE payments ADD CONSTRAINT payments_order_key UNIQUE (order_id, tenant_id);
