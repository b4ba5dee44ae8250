-- The catalogue delta index becomes partial (`WHERE version > 0`, which every committed product
-- satisfies: recordCatalogChange stamps a version in the transaction that creates it) and the delta
-- reads say `version > 0` too (catalog.ts).
--
-- Why: even without `id`, an index leading with tenant_id can answer `tenant_id = $1 AND id = ANY($2)`
-- (filtering id), and being smaller than the primary key it looked cheaper on a fresh database: the
-- product locks of every reservation read the store's whole catalogue index (≈ 1,600 entries per
-- lookup in the card checkout benchmark). A lookup by id does not imply `version > 0`, so it can no
-- longer use this index. See common/index-rules.pg.test.ts.
DROP INDEX products_catalogue_delta;
CREATE INDEX products_catalogue_delta ON products (tenant_id, version) WHERE version > 0;
