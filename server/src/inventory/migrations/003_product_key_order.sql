-- SKU and barcode keys lead with the SKU or barcode, not tenant_id (same uniqueness). Together with
-- the dropped foreign key below, no index but the primary key can serve a `tenant_id = $1 AND id = $2`
-- lookup, so a cached plan chosen on a fresh database cannot turn such a lookup into a scan of the
-- store's catalogue. See common/index-rules.pg.test.ts.
ALTER TABLE products DROP CONSTRAINT products_tenant_id_sku_key;
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku, tenant_id);
ALTER TABLE products DROP CONSTRAINT products_tenant_id_barcode_key;
ALTER TABLE products ADD CONSTRAINT products_barcode_key UNIQUE (barcode, tenant_id);

-- stock_movements → products: not a foreign key any more. The catalogue delta index must lead with
-- tenant_id (it serves `tenant_id = $1 AND version > $2 ORDER BY version`), so the key's check could
-- pick it and scan the store's catalogue for every sold line. The reference is kept by construction
-- instead: a movement is written only in the transaction that has just locked and updated (or, for
-- the demo seed, created) its product's row (stock.ts, reservations.ts, settle-reservations.ts), and
-- products are never deleted (a tombstone keeps the row), so the product a movement names always
-- exists. The G3 checker (testing/invariants.ts) verifies it after every scenario.
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_tenant_id_product_id_fkey;
