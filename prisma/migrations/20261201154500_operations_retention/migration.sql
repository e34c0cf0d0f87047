-- Bounded tables (issue 17).
--
-- rate_limit: each row says when it stops mattering, so the retention job can sweep expired
-- counters whatever window they used. Existing rows get a day: every window in use is shorter.
ALTER TABLE rate_limit ADD COLUMN expires_at TIMESTAMP(3) NOT NULL DEFAULT (now() + interval '1 day');
CREATE INDEX rate_limit_expires_at_idx ON rate_limit (expires_at);

-- audit_event stays append-only: no UPDATE, no TRUNCATE, and DELETE only through the retention
-- job's one explicit path — a transaction that names its cutoff in the setting
-- ap.audit_retention_before (lib/jobs/retention.ts, only when AUDIT_RETENTION_DAYS > 0, which
-- is off by default) and deletes rows strictly older than it. Any other DELETE still fails.
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
DECLARE
  cutoff text := current_setting('ap.audit_retention_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> '' AND OLD.at < cutoff::timestamp THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only; % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
