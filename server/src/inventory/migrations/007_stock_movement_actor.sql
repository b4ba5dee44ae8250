-- Who made a manual movement (a receipt or an adjustment): the manager credential's subject. Null for sales
-- and for movements recorded before this column existed.
ALTER TABLE stock_movements ADD COLUMN actor text;
