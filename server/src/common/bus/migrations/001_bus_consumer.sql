-- Tables of every event-bus consumer (common/bus), in the consumer's own database.

-- The inbox: an event id is recorded in the same transaction as the event's effect, so a
-- redelivered event (at-least-once transports) finds its id and has no second effect.
CREATE TABLE bus_inbox (
  consumer    text        NOT NULL,
  event_id    text        NOT NULL,
  handled_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- The PostgreSQL transport's consumer-group state: per consumer and source outbox, the feed
-- position acked so far, and the lease of the member that reads it now (one at a time; a member
-- that stops renewing is replaced once the lease runs out).
CREATE TABLE bus_offsets (
  consumer     text        NOT NULL,
  source       text        NOT NULL,
  position     bigint      NOT NULL DEFAULT 0,
  lease_owner  text,
  lease_until  timestamptz,
  PRIMARY KEY (consumer, source)
);
