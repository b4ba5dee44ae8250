-- POS Core owns the stores (tenants) and every credential of a store (docs/ARCHITECTURE.md,
-- "Tenancy and credentials"). Secrets are never stored: a device token, a manager token and a
-- pairing code are kept only as their SHA-256 (hex). Configured credentials (the service, the
-- operator and the demo store's till and manager) live in the environment, not here.
--
-- No foreign keys to `stores`: a store whose credentials are configured (the demo store, test
-- stores) may pair tills without a row of its own. The demo store has its row all the same.

CREATE TABLE stores (
  tenant_id   text        PRIMARY KEY,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO stores (tenant_id, name) VALUES ('demo-store', 'Demo store') ON CONFLICT DO NOTHING;

-- A paired till. Revoking it refuses all its device tokens at once; pairing the same id again
-- (with a new code from the manager) lifts the revocation and replaces its tokens.
CREATE TABLE terminals (
  tenant_id    text        NOT NULL,
  terminal_id  text        NOT NULL,
  paired_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  PRIMARY KEY (tenant_id, terminal_id)
);

-- Device tokens of tills and manager tokens. `expires_at` is set on a till's previous token when it
-- rotates (a short grace); `revoked_at` when its till is revoked or paired again.
CREATE TABLE credentials (
  token_hash  text        PRIMARY KEY,
  tenant_id   text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('terminal', 'manager')),
  subject     text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX credentials_of_subject ON credentials (tenant_id, kind, subject);

-- One-time pairing codes made by a manager: spent by the first successful pairing, or expired.
CREATE TABLE pairing_codes (
  code_hash    text        PRIMARY KEY,
  tenant_id    text        NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  terminal_id  text
);
