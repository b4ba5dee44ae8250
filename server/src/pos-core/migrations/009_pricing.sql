-- Discounts, tax included or added, and cash rounding (shared/src/pricing/).

-- The store's pricing rules and the cashiers' discount cap.
ALTER TABLE store_settings
  ADD COLUMN prices_include_tax       boolean NOT NULL DEFAULT true,
  ADD COLUMN cash_rounding_increment  integer NOT NULL DEFAULT 1 CHECK (cash_rounding_increment >= 1),
  ADD COLUMN discount_cap_percent     integer NOT NULL DEFAULT 100 CHECK (discount_cap_percent BETWEEN 0 AND 100);

-- What the till priced the sale with: its discounts as given (NULL: none), the rules it applied, and the
-- signed cash rounding (tenders add up to total + cash_rounding). Defaults: every order before pricing.
ALTER TABLE orders
  ADD COLUMN discounts           jsonb,
  ADD COLUMN prices_include_tax  boolean NOT NULL DEFAULT true,
  ADD COLUMN cash_rounding_increment integer NOT NULL DEFAULT 1,
  ADD COLUMN cash_rounding       bigint  NOT NULL DEFAULT 0;

-- What the line's own discount and its share of the order discount took off it.
ALTER TABLE order_lines ADD COLUMN discount bigint NOT NULL DEFAULT 0;
