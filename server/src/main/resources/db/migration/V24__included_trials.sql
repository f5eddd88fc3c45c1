-- The subjects of a meta-analysis hosted as a study: the included trials with their per-arm counts of participants
-- with an adverse event of the plan's outcome (and with any adverse event), and their moderator values. Like all
-- trial data a row is never deleted; a trial is recorded once under its id.
create table included_trial (
    study_id            text        not null references study (id),
    id                  text        not null,
    label               text        not null,
    experimental_total  integer     not null check (experimental_total > 0),
    experimental_events integer     not null check (experimental_events between 0 and experimental_total),
    control_total       integer     not null check (control_total > 0),
    control_events      integer     not null check (control_events between 0 and control_total),
    experimental_any_ae integer     check (experimental_any_ae between experimental_events and experimental_total),
    control_any_ae      integer     check (control_any_ae between control_events and control_total),
    moderators          jsonb       not null,
    source              text        not null,
    recorded_by         text        not null,
    recorded_at         timestamptz not null default now(),
    primary key (study_id, id)
);
create trigger included_trial_no_delete before delete on included_trial for each row execute function refuse_delete();
create trigger included_trial_no_truncate before truncate on included_trial for each statement execute function refuse_delete();
