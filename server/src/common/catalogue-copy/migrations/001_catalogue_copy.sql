-- An event consumer's copy of the store's catalogue (catalogue-copy.ts), from Inventory's
-- product.changed and stock.changed events. The description and the stock level carry the catalogue
-- version they come from, each kept separately, so an event handled late never overwrites newer data.
CREATE TABLE catalogue_copy (
  tenant_id            text    NOT NULL,
  product_id           text    NOT NULL,
  name                 text,
  kitchen_station      text,
  low_stock_threshold  integer,
  described_version    bigint  NOT NULL DEFAULT 0,
  available            integer,
  stock_version        bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, product_id)
);
