-- The currency of a receipt's amounts, from the order's events (null for events recorded before they
-- carried it: such a receipt shows its amounts without a currency sign rather than a guessed one).
ALTER TABLE receipt_requests ADD COLUMN currency text;
