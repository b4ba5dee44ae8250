-- Tables every service has. Each service's own migrations follow these.

-- Idempotency keys (DESIGN §4), scoped per tenant. A row is written before the work starts
-- (state 'in_flight', with a lease) and completed with the response in the same transaction as
-- the work, so a key can never point at work that did not happen.
-- Retention: completed rows are kept at least 30 days (IDEMPOTENCY_RETENTION_DAYS); business-id
-- UNIQUE constraints in each service keep deduplicating forever after.
CREATE TABLE idempotency_keys (
  tenant_id        text        NOT NULL,
  key              text        NOT NULL,
  fingerprint      text        NOT NULL,
  state            text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
  locked_until     timestamptz,
  response_status  integer,
  response_body    jsonb,
  resource_id      text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  completed_at     timestamptz,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Transactional outbox: written in the same transaction as the state change it describes.
-- `id` is assigned at insert, so ids can become visible out of order (a lower id may commit
-- later). The relay (one at a time, under an advisory lock) gives committed rows a `position`
-- in the order it sees them: readers page by position, which never goes back, so resuming
-- after position P never skips an event.
CREATE SEQUENCE outbox_position;
CREATE TABLE outbox (
  id              bigserial   PRIMARY KEY,
  position        bigint      UNIQUE,
  tenant_id       text        NOT NULL,
  type            text        NOT NULL,
  correlation_id  text,
  lamport         bigint      NOT NULL,
  payload         jsonb       NOT NULL,
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  published_at    timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE position IS NULL;
CREATE INDEX outbox_tenant_position ON outbox (tenant_id, position) WHERE position IS NOT NULL;
