-- The live processes of this service (service-instance.ts): each beats its row every second and deletes
-- it on a graceful stop. A claim whose owner stopped beating may be taken over within seconds.
CREATE TABLE service_instances (
  id            text        PRIMARY KEY,
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now()
);

-- The process holding an in-flight claim (service_instances.id) and the attempt's own id (a claim is given
-- back by its attempt only); null for claims written before owners were recorded.
ALTER TABLE idempotency_keys ADD COLUMN owner text, ADD COLUMN claim_id text;
