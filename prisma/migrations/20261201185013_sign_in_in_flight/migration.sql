-- Sign-in budgets (issue 14, lib/auth/throttle.ts): a budget row counts consecutive failures
-- (count) and, beside them, the attempts being judged right now (in_flight), so one atomic
-- statement can refuse to judge more attempts at once than remain before the next pause, and
-- a correct password gives its place back instead of counting as a failure.
ALTER TABLE rate_limit ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
