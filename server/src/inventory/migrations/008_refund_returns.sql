-- Refunds (issue #14): goods a refund puts back on the shelf come back as ONE stock movement per refund
-- line, kind 'return', keyed by (refund_id, line_no) — a second copy of the same return (a retried saga
-- step after its key was pruned) is refused by the unique index. G3 becomes:
--   on_hand = initial + receipts + adjustments − sales + returns.
ALTER TABLE stock_movements ADD COLUMN refund_id text;
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_kind_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_kind_check CHECK (kind IN ('receipt', 'adjustment', 'sale', 'return'));
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_check1;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_order_line_check
  CHECK ((kind IN ('sale', 'return')) = (order_id IS NOT NULL AND line_no IS NOT NULL));
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_return_check
  CHECK ((kind = 'return') = (refund_id IS NOT NULL) AND (kind <> 'return' OR quantity > 0));
CREATE UNIQUE INDEX stock_movements_return_line ON stock_movements (tenant_id, refund_id, line_no) WHERE kind = 'return';
