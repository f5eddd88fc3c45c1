-- Locks: a central data manager locks one form record, a subject's casebook or the whole study (the database lock);
-- locked data refuse every change until a documented unlock (who, when, why). A lock is never deleted: unlocking
-- fills its unlock columns, so the table is the history of every lock. docs/api.md, "21. Locks".
create table data_lock (
    id               bigserial primary key,
    study_id         text not null references study (id),
    scope            text not null check (scope in ('STUDY', 'SUBJECT', 'FORM_RECORD')),
    subject_id       text,
    site_id          text,
    form_record_id   bigint references form_record (id),
    -- a database lock's name, which its snapshot and every report run on it carry
    name             text,
    reason           text not null,
    locked_at        timestamptz not null default now(),
    locked_by        text not null,
    -- the protocol version current at the database lock: a report on the lock is computed with it
    protocol_version text,
    unlocked_at      timestamptz,
    unlocked_by      text,
    unlock_reason    text,
    version          integer not null default 1,
    foreign key (study_id, subject_id) references subject (study_id, id),
    check ((scope = 'STUDY' and subject_id is null and form_record_id is null and name is not null and protocol_version is not null)
        or (scope = 'SUBJECT' and subject_id is not null and form_record_id is null)
        or (scope = 'FORM_RECORD' and subject_id is not null and form_record_id is not null)),
    check ((unlocked_at is null) = (unlocked_by is null) and (unlocked_at is null) = (unlock_reason is null))
);
-- one live lock per thing locked
create unique index data_lock_one_live on data_lock (study_id, scope, coalesce(subject_id, ''), coalesce(form_record_id, 0))
    where unlocked_at is null;
-- the check on every save reads only live locks: with none, an empty partial index
create index data_lock_live on data_lock (study_id) where unlocked_at is null;
create trigger data_lock_no_delete before delete on data_lock for each row execute function refuse_delete();
create trigger data_lock_no_truncate before truncate on data_lock for each statement execute function refuse_delete();

-- A database lock's snapshot: a copy of exactly the data the analysis reads (subjects, live form records,
-- allocations, the analysis cut-off), taken in the locking transaction. A report run on the lock reads this copy,
-- so it reproduces byte for byte later, whatever happens to the live data after an unlock.
create table lock_snapshot_subject (
    lock_id         bigint not null references data_lock (id),
    id              text not null,
    site_id         text not null,
    sub_trial_id    text,
    status          text not null,
    screening_date  date,
    screening_data  jsonb not null,
    failed_criteria text[] not null,
    end_reason      text,
    day_zero        date,
    primary key (lock_id, id)
);
create table lock_snapshot_form_record (
    lock_id        bigint not null references data_lock (id),
    form_record_id bigint not null,
    subject_id     text not null,
    visit_id       text,
    form_id        text not null,
    data           jsonb not null,
    primary key (lock_id, form_record_id)
);
-- allocations are read from here only for an unblinded report, as from the live table
create table lock_snapshot_allocation (
    lock_id     bigint not null references data_lock (id),
    subject_id  text not null,
    sequence_id text not null,
    primary key (lock_id, subject_id)
);
create table lock_snapshot_cutoff (
    lock_id                bigint primary key references data_lock (id),
    analysis_cutoff        date,
    analysis_cutoff_set_by text,
    analysis_cutoff_set_at timestamptz,
    analysis_cutoff_reason text
);
create trigger lock_snapshot_subject_no_delete before delete on lock_snapshot_subject for each row execute function refuse_delete();
create trigger lock_snapshot_subject_no_truncate before truncate on lock_snapshot_subject for each statement execute function refuse_delete();
create trigger lock_snapshot_form_record_no_delete before delete on lock_snapshot_form_record for each row execute function refuse_delete();
create trigger lock_snapshot_form_record_no_truncate before truncate on lock_snapshot_form_record for each statement execute function refuse_delete();
create trigger lock_snapshot_allocation_no_delete before delete on lock_snapshot_allocation for each row execute function refuse_delete();
create trigger lock_snapshot_allocation_no_truncate before truncate on lock_snapshot_allocation for each statement execute function refuse_delete();
create trigger lock_snapshot_cutoff_no_delete before delete on lock_snapshot_cutoff for each row execute function refuse_delete();
create trigger lock_snapshot_cutoff_no_truncate before truncate on lock_snapshot_cutoff for each statement execute function refuse_delete();

-- Electronic signatures (21 CFR Part 11): an investigator signs a subject's casebook, or one visit of it, after
-- re-entering the password, with a stated meaning. content_sha256 is the SHA-256 of the canonical text of exactly
-- what was signed, which names the study and the subject, so the hash fits no other record. A later change to the
-- signed data marks the signature broken (never deleted); a new signature is then asked for.
create table casebook_signature (
    id             bigserial primary key,
    study_id       text not null,
    subject_id     text not null,
    site_id        text not null,
    visit_id       text,
    meaning        text not null,
    meaning_text   text not null,
    signed_by      text not null,
    signer_name    text not null,
    signed_at      timestamptz not null default now(),
    content_sha256 char(64) not null,
    form_records   integer not null,
    broken_at      timestamptz,
    broken_by      text,
    broken_reason  text,
    foreign key (study_id, subject_id) references subject (study_id, id),
    check ((broken_at is null) = (broken_reason is null))
);
create index casebook_signature_subject on casebook_signature (study_id, subject_id);
-- what a save asks: has this subject a signature that is not broken?
create index casebook_signature_unbroken on casebook_signature (study_id, subject_id) where broken_at is null;
create trigger casebook_signature_no_delete before delete on casebook_signature for each row execute function refuse_delete();
create trigger casebook_signature_no_truncate before truncate on casebook_signature for each statement execute function refuse_delete();

-- The check every write to trial data makes, in one round trip: the live lock that covers the study, the subject's
-- casebook or the form record (the widest first; null when nothing is locked), and whether the subject has a
-- signature a change would break (so a save with nothing signed needs no further query). It first takes the study's
-- lock key shared, which a locking transaction takes exclusively: a write in flight finishes before a lock copies
-- the data for its snapshot, and a write that starts while a lock is being taken waits for it. Volatile, so that its
-- queries read with a snapshot taken after that wait (READ COMMITTED) and see a lock committed meanwhile.
create function data_write_check(p_study text, p_subject text, p_record bigint)
    returns table (lock_id bigint, signed boolean)
    language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock_shared(hashtextextended('harmonia.data_lock:' || p_study, 0));
    return query select
        (select l.id from data_lock l
         where l.study_id = p_study and l.unlocked_at is null
           and (l.scope = 'STUDY'
                or (l.scope = 'SUBJECT' and l.subject_id = p_subject)
                or (l.scope = 'FORM_RECORD' and l.form_record_id = p_record))
         order by case l.scope when 'STUDY' then 0 when 'SUBJECT' then 1 else 2 end, l.id
         limit 1),
        exists (select 1 from casebook_signature s
                where s.study_id = p_study and s.subject_id = p_subject and s.broken_at is null);
end
$$;

