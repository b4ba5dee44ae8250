-- Mails are recorded, then sent (domain/mail-dispatcher.ts): the event handler only records a mail as
-- 'due' — rendered, with its deterministic Message-ID — in the inbox transaction; the dispatcher sends
-- due mails one at a time, each in its own short transaction that marks it 'sent'. A failed send stays
-- 'due' with `attempts` counted and `retry_at` pushed back.
--   status  'waiting' (a receipt request not yet confirmed, or without an address) → 'due' → 'sent'
ALTER TABLE receipt_requests
  ADD COLUMN status        text    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'due', 'sent')),
  ADD COLUMN mail_subject  text,
  ADD COLUMN mail_text     text,
  ADD COLUMN due_at        timestamptz,
  ADD COLUMN retry_at      timestamptz,
  ADD COLUMN attempts      integer NOT NULL DEFAULT 0;
UPDATE receipt_requests SET status = 'sent' WHERE sent_at IS NOT NULL;
CREATE INDEX receipt_requests_due ON receipt_requests (retry_at) WHERE status = 'due';

-- Alerts recorded before this migration were sent in the transaction that recorded them.
ALTER TABLE low_stock_alerts
  ADD COLUMN status        text    NOT NULL DEFAULT 'sent' CHECK (status IN ('due', 'sent')),
  ADD COLUMN email         text,
  ADD COLUMN mail_subject  text,
  ADD COLUMN mail_text     text,
  ADD COLUMN due_at        timestamptz,
  ADD COLUMN retry_at      timestamptz,
  ADD COLUMN attempts      integer NOT NULL DEFAULT 0,
  ALTER COLUMN sent_at DROP NOT NULL,
  ALTER COLUMN sent_at DROP DEFAULT;
ALTER TABLE low_stock_alerts ALTER COLUMN status DROP DEFAULT;
CREATE INDEX low_stock_alerts_due ON low_stock_alerts (retry_at) WHERE status = 'due';
