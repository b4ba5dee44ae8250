-- The manager's console (docs/ARCHITECTURE.md, "Manager's console").

-- What each till last said about itself with a sync (header Pos-Till-Sync). One row per till,
-- upserted by its accepted batches.
CREATE TABLE till_sync_state (
  tenant_id            text        NOT NULL,
  terminal_id          text        NOT NULL,
  reported_at          timestamptz NOT NULL,
  unsynced             bigint      NOT NULL,
  oldest_unsynced_at   timestamptz,
  reported_last_seq    bigint      NOT NULL,
  PRIMARY KEY (tenant_id, terminal_id)
);

-- When POS Core last heard from each till (its syncs and its open event stream): a heartbeat, written
-- by reads too, like service_instances.
CREATE TABLE till_contacts (
  tenant_id     text        NOT NULL,
  terminal_id   text        NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, terminal_id)
);

-- Every action a manager took on an order (retry now, cancel and compensate, resolve with a note),
-- with who did it, written in the transaction of the action.
CREATE TABLE order_actions (
  id         bigserial   PRIMARY KEY,
  tenant_id  text        NOT NULL,
  order_id   text        NOT NULL,
  action     text        NOT NULL CHECK (action IN ('retry', 'cancel', 'resolve')),
  note       text,
  actor      text        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);
CREATE INDEX order_actions_order ON order_actions (tenant_id, order_id, id);

-- An order a manager resolved: it leaves the attention list.
CREATE TABLE order_resolutions (
  tenant_id    text        NOT NULL,
  order_id     text        NOT NULL,
  note         text        NOT NULL,
  resolved_by  text        NOT NULL,
  resolved_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);

-- A manager asked the till to rotate its token (it does so itself when the event reaches it); cleared by the rotation.
ALTER TABLE terminals ADD COLUMN rotation_requested_at timestamptz;

CREATE TABLE store_settings (
  tenant_id                   text    PRIMARY KEY,
  till_silent_after_seconds   integer NOT NULL
);

-- The store-wide order list, newest first. Not led by tenant_id (common/index-rules.pg.test.ts):
-- scanned backwards, filtered by tenant.
CREATE INDEX orders_received ON orders (received_at, id);
-- Offline sales that ended without a sale: few, listed for attention.
CREATE INDEX orders_offline_failed ON orders (received_at) WHERE capture_mode = 'offline' AND status IN ('declined', 'rejected');
-- Lines sold at another price than the catalogue's.
CREATE INDEX order_lines_price_mismatch ON order_lines (tenant_id, order_id) WHERE catalog_price IS NOT NULL AND catalog_price <> unit_price;
-- An order's events, for its timeline.
CREATE INDEX outbox_correlation ON outbox (tenant_id, correlation_id) WHERE correlation_id IS NOT NULL;
