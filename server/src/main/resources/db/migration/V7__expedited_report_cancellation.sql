-- An expedited report whose adverse event was voided or corrected to non-serious is cancelled, never deleted.
alter table expedited_report add column cancelled_at timestamptz;
alter table expedited_report add column cancel_reason text;
