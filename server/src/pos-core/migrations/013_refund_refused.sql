-- A refused online refund is recorded (status 'refused', its reason in status_reason), so the till's seq it
-- carries is on record and the shift's Z report can be final (shared/src/refund.ts `refundStatus`).
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('pending', 'completed', 'failed', 'refused'));
