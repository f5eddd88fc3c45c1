-- The study's analysis data cut-off: the report analyses the subjects screened and started (day 0) on or before this
-- date, and counts and lists the later ones as not analysed. Null: no cut-off, every subject is analysed.
-- Who set it, when and why is kept beside the date for the report's methods; every change is also in audit_log.
alter table study add column analysis_cutoff        date;
alter table study add column analysis_cutoff_set_by text;
alter table study add column analysis_cutoff_set_at timestamptz;
alter table study add column analysis_cutoff_reason text;
