-- Shifts (issue 15): the drawer's records as the till sent them, and the Z reports POS Core issued.
--
-- A drawer record (shift-open, cash-movement, shift-close) is a record of the till's one outbox: its
-- id is its Idempotency-Key and unique per tenant here too (defence in depth), and its seq is a number
-- of the till's one sequence, shared with orders (domain/received-seqs.ts is where the two meet).
-- `body` is the record exactly as received (zod-validated, shared/src/shift-record.ts).
CREATE TABLE shift_records (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  terminal_id  text        NOT NULL,
  seq          bigint      NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('shift-open', 'cash-movement', 'shift-close')),
  -- The shift the record belongs to: the id of its shift-open record (a shift-open's own id).
  shift_id     text        NOT NULL,
  staff_id     text,
  body         jsonb       NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- Like orders' (migration 003): led by terminal_id, the same uniqueness.
  UNIQUE (terminal_id, tenant_id, seq)
);
-- Led by shift_id, not tenant_id (index-rules.pg.test.ts: only the primary key leads with tenant_id).
CREATE INDEX shift_records_by_shift ON shift_records (shift_id, tenant_id);

-- A final Z report, issued once the server held every record of its shift; never updated.
CREATE TABLE z_reports (
  tenant_id    text        NOT NULL,
  shift_id     text        NOT NULL,
  terminal_id  text        NOT NULL,
  z_number     bigint      NOT NULL,
  report       jsonb       NOT NULL,
  issued_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, shift_id)
);
