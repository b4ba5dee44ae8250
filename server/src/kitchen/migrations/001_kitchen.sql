-- The kitchen service's own database (besides the event-bus inbox, common/bus/migrations, and its
-- copy of the catalogue's names and stations, common/catalogue-copy).

-- What the kitchen knows of an order, from POS Core's order events, whatever order they arrive in
-- (members of a consumer group may handle an order's events concurrently or after a takeover):
-- the lines (order.received), that it was confirmed, that it was cancelled/declined/rejected/refunded.
CREATE TABLE kitchen_orders (
  tenant_id     text        NOT NULL,
  order_id      text        NOT NULL,
  terminal_id   text,
  seq           bigint,
  lines         jsonb,
  confirmed_at  timestamptz,
  voided        boolean     NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, order_id)
);

-- At most one ticket per order (the primary key), created once the order is confirmed and its lines
-- are known, if any line's product has a kitchen station. A voided order's ticket is voided, never deleted.
CREATE TABLE kitchen_tickets (
  tenant_id    text        NOT NULL,
  order_id     text        NOT NULL,
  terminal_id  text        NOT NULL,
  seq          bigint      NOT NULL,
  items        jsonb       NOT NULL,
  status       text        NOT NULL CHECK (status IN ('open', 'bumped', 'voided')),
  opened_at    timestamptz NOT NULL,
  bumped_at    timestamptz,
  voided_at    timestamptz,
  PRIMARY KEY (tenant_id, order_id)
);
CREATE INDEX kitchen_tickets_open ON kitchen_tickets (tenant_id, opened_at) WHERE status = 'open';
CREATE INDEX kitchen_tickets_bumped ON kitchen_tickets (tenant_id, bumped_at) WHERE status = 'bumped';
