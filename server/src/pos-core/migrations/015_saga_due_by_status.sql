-- The due sagas' index names `status` in its predicate instead of `saga_state` (the same rows: the table's
-- CHECK ties status = 'pending' to saga_state <> 'done'). A saga step changes saga_state but not status
-- until the last one, so its UPDATE touches no indexed column and PostgreSQL can keep the new row version
-- on the same page without a new entry in the table's indexes (a HOT update): two of a card order's three
-- updates, each of which used to add an entry to four or five indexes.
DROP INDEX orders_saga_due;
CREATE INDEX orders_saga_due ON orders (next_attempt_at) WHERE status = 'pending';
-- Room on each page for those versions (HOT needs the new version on the row's own page).
ALTER TABLE orders SET (fillfactor = 80);
