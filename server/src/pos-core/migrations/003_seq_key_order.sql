-- The sequence key leads with terminal_id, not tenant_id. Same rule, same uniqueness: only the
-- column order of its index changes.
--
-- Why: the foreign keys of order_lines, order_tenders and order_transitions are checked with a cached
-- `… WHERE tenant_id = $1 AND id = $2` query whose plan PostgreSQL picks once per connection. On a
-- fresh database, with no statistics yet, it could pick this index (it matches `tenant_id`) and then
-- every inserted line scanned all of the store's orders: the backlog benchmark slowed from 1.2 s to
-- 7.6 s per batch of 500 over 10,000 sales. See common/index-rules.pg.test.ts.
ALTER TABLE orders DROP CONSTRAINT orders_tenant_id_terminal_id_seq_key;
ALTER TABLE orders ADD CONSTRAINT orders_terminal_seq_key UNIQUE (terminal_id, tenant_id, seq);
