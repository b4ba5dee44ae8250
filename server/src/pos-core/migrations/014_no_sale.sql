-- "No sale" (the cash drawer opened without a sale) is a drawer record of the till's one sequence, kept with the
-- shift's other records (shared/src/shift-record.ts `noSale`) and counted in its X/Z report.
ALTER TABLE shift_records DROP CONSTRAINT shift_records_kind_check;
ALTER TABLE shift_records ADD CONSTRAINT shift_records_kind_check CHECK (kind IN ('shift-open', 'cash-movement', 'no-sale', 'shift-close'));
