-- The notification service's own database (besides the event-bus inbox and its copy of the catalogue).
-- Email addresses are the store's data: every row is scoped by tenant_id, and no address is ever logged.

-- Where a store wants its alerts (low stock).
CREATE TABLE store_contacts (
  tenant_id    text PRIMARY KEY,
  alert_email  text NOT NULL
);
INSERT INTO store_contacts (tenant_id, alert_email) VALUES ('demo-store', 'manager@demo-store.example') ON CONFLICT DO NOTHING;

-- A receipt the customer asked for (order.received with receiptEmail), sent once the order is
-- confirmed. `message_id` and `sent_at` are recorded in the transaction that sends, before the event
-- is acked: a redelivered or concurrently handled event finds them and sends nothing.
CREATE TABLE receipt_requests (
  tenant_id     text        NOT NULL,
  order_id      text        NOT NULL,
  email         text,
  terminal_id   text,
  seq           bigint,
  total         bigint,
  lines         jsonb,
  confirmed_at  timestamptz,
  message_id    text,
  sent_at       timestamptz,
  PRIMARY KEY (tenant_id, order_id)
);

-- Low-stock alerts sent: one per crossing of a product's threshold (the stock event that crossed it).
CREATE TABLE low_stock_alerts (
  tenant_id   text        NOT NULL,
  event_id    text        NOT NULL,
  product_id  text        NOT NULL,
  available   integer     NOT NULL,
  threshold   integer     NOT NULL,
  message_id  text        NOT NULL,
  sent_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id)
);
