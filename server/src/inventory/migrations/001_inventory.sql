-- Inventory: catalogue, stock, reservations (holds per order line), stock audit, discrepancies.
-- Every table carries tenant_id; every query filters by the caller's tenant (G7).

-- The per-tenant catalogue counter. Every catalogue change (product edit, stock movement,
-- reservation hold/commit/release/expiry) bumps `version` in its own transaction, as the last
-- statement of the change, and stamps the products it touched with the new value. The row lock
-- taken by that bump is held until commit, so a transaction that bumps after another one can only
-- commit after it: versions become visible in commit order, and a reader that saw version N has
-- also seen every version below N. That is what makes `GET /v1/products?since=N` never skip a
-- change — a sequence alone would not (sequence values are taken at statement time, so a lower
-- value can commit after a higher one that a reader already passed).
-- `price_list_version` counts price / tax-rate changes only; a till records it with each sale.
CREATE TABLE catalog_versions (
  tenant_id           text   PRIMARY KEY,
  version             bigint NOT NULL,
  price_list_version  bigint NOT NULL
);

CREATE TABLE products (
  tenant_id     text        NOT NULL,
  id            text        NOT NULL,
  sku           text        NOT NULL,
  barcode       text        NOT NULL,
  name          text        NOT NULL,
  category      text        NOT NULL,
  price         bigint      NOT NULL CHECK (price >= 0),
  tax_rate_bps  integer     NOT NULL CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  -- May go below zero: offline sales already happened (G3); each such commit records a discrepancy.
  on_hand       bigint      NOT NULL DEFAULT 0,
  -- Held by open reservations. Strict holds never exceed availability: that is enforced in code,
  -- under row locks (SELECT … FOR UPDATE in product-id order), because force holds may.
  reserved      bigint      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  -- The catalogue version (see catalog_versions) of the product's last change.
  version       bigint      NOT NULL DEFAULT 0,
  -- A tombstone: the product is gone from the catalogue but its history stays.
  deleted_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, sku),
  UNIQUE (tenant_id, barcode)
);
CREATE INDEX products_catalogue_delta ON products (tenant_id, version, id);

--   held ──commit──▶ committed        held ──release──▶ released        held ──(ttl)──▶ expired ──commit──▶ committed
--   rejected (strict, short of stock; holds nothing)    released without a reserve: a tombstone, so a late
--   reserve for the order answers "released" instead of holding stock.
CREATE TABLE reservations (
  tenant_id   text        NOT NULL,
  order_id    text        NOT NULL,
  mode        text        NOT NULL CHECK (mode IN ('strict', 'force')),
  status      text        NOT NULL CHECK (status IN ('held', 'rejected', 'committed', 'released', 'expired')),
  shortages   jsonb       NOT NULL DEFAULT '[]',
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, order_id)
);
CREATE INDEX reservations_due ON reservations (expires_at) WHERE status = 'held';

-- One row per order line (defence in depth: an order line can be reserved only once).
CREATE TABLE reservation_lines (
  tenant_id    text    NOT NULL,
  order_id     text    NOT NULL,
  line_no      integer NOT NULL CHECK (line_no >= 1),
  product_id   text    NOT NULL,
  quantity     integer NOT NULL CHECK (quantity >= 1),
  -- False for a force-mode line naming a product the catalogue does not know: it holds nothing,
  -- and its commit records an 'unknown_product' discrepancy.
  holds_stock  boolean NOT NULL,
  UNIQUE (tenant_id, order_id, line_no),
  FOREIGN KEY (tenant_id, order_id) REFERENCES reservations (tenant_id, order_id)
);

-- Audit of every change of on_hand: on_hand = Σ quantity of a product's movements (G3).
CREATE TABLE stock_movements (
  id             bigserial   PRIMARY KEY,
  tenant_id      text        NOT NULL,
  product_id     text        NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'sale')),
  quantity       bigint      NOT NULL CHECK (quantity <> 0),
  on_hand_after  bigint      NOT NULL,
  reason         text,
  order_id       text,
  line_no        integer,
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
  CHECK (kind <> 'receipt' OR quantity > 0),
  CHECK ((kind = 'sale') = (order_id IS NOT NULL AND line_no IS NOT NULL))
);
CREATE INDEX stock_movements_product ON stock_movements (tenant_id, product_id, id);
-- A sold order line leaves stock once.
CREATE UNIQUE INDEX stock_movements_sale_line ON stock_movements (tenant_id, order_id, line_no) WHERE kind = 'sale';

-- What a committed sale revealed: stock below zero, or a product the catalogue does not know.
CREATE TABLE discrepancies (
  id             bigserial   PRIMARY KEY,
  tenant_id      text        NOT NULL,
  product_id     text        NOT NULL,
  order_id       text        NOT NULL,
  line_no        integer     NOT NULL,
  kind           text        NOT NULL CHECK (kind IN ('negative_stock', 'unknown_product')),
  quantity       integer     NOT NULL,
  on_hand_after  bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, order_id, line_no)
);
CREATE INDEX discrepancies_tenant ON discrepancies (tenant_id, id);
