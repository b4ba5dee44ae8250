-- The catalogue delta index without `id`: (tenant_id, version) still serves the delta read
-- (`tenant_id = $1 AND version > $2 ORDER BY version, id`: ids of one version are sorted on the fly,
-- an incremental sort over the few products a change touched).
--
-- Why: with `id` in it, PostgreSQL 18's skip scan could answer `tenant_id = $1 AND id = ANY($2)` — the
-- lookup that locks products for every reservation — by skipping through every version of the
-- store's catalogue, and on a fresh database (no statistics) it chose to: each lock then read every
-- entry the catalogue index had gathered since the last VACUUM (15,000 per lookup after 60,000 sales).
-- See common/index-rules.pg.test.ts.
DROP INDEX products_catalogue_delta;
CREATE INDEX products_catalogue_delta ON products (tenant_id, version);
