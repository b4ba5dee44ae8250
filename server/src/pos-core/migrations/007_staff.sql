-- Staff of a store and their records (issue #15; shared/src/staff.ts, staff-records.ts).

-- The members a manager created. `pin_hash` is a salted bcrypt hash (shared/src/pin-hash.ts): the PIN
-- itself is never stored. Deactivated members stay (records keep naming them). Ids are uuid v7.
CREATE TABLE staff (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  name         text        NOT NULL,
  role         text        NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager')),
  pin_hash     text        NOT NULL,
  active       boolean     NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Who sold it: the staff member signed in at the till (null where the store has no staff).
ALTER TABLE orders ADD COLUMN staff_id text;

-- A till's staff sign-ins and sign-outs, and the overrides given at it: records of the till's one
-- sequence (DESIGN §7). UNIQUE (terminal_id, tenant_id, seq) per table, like orders (led by terminal_id: 003); the id is the
-- record's Idempotency-Key and its primary key (defence in depth). Staff ids are not foreign keys: a
-- fact recorded offline is accepted even if it names a member this server no longer knows.
CREATE TABLE staff_sign_ins (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  terminal_id  text        NOT NULL,
  seq          bigint      NOT NULL,
  staff_id     text        NOT NULL,
  action       text        NOT NULL CHECK (action IN ('sign_in', 'sign_out')),
  created_at   timestamptz NOT NULL,
  lamport      bigint      NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (terminal_id, tenant_id, seq)
);

CREATE TABLE staff_overrides (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  terminal_id  text        NOT NULL,
  seq          bigint      NOT NULL,
  action       text        NOT NULL,
  staff_id     text,
  approved_by  text        NOT NULL,
  subject_id   text,
  detail       text,
  created_at   timestamptz NOT NULL,
  lamport      bigint      NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (terminal_id, tenant_id, seq)
);
