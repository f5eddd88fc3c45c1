-- Source data verification (ICH E6(R3)): a monitor marks a field, a form record or every record of a visit as checked
-- against the source documents. A verification holds the values it saw; when the site later changes one of them (or
-- voids the record) the verification is removed by marking it (removed_at, by whom, why), never by deleting it, so the
-- monitor's list and the form page can say what was verified and why it no longer is.
create table sdv_verification (
    id               bigint generated always as identity primary key,
    study_id         text not null,
    site_id          text not null,
    subject_id       text not null,
    visit_id         text,
    form_record_id   bigint not null references form_record (id),
    -- null: the whole record
    field            text check (field <> ''),
    scope            text not null check (scope in ('FIELD', 'FORM', 'VISIT')),
    -- the values verified: the whole record's data for FORM and VISIT, {field: value} for FIELD
    verified_values  jsonb not null,
    verified_version integer not null,
    verified_at      timestamptz not null default now(),
    verified_by      text not null,
    removed_at       timestamptz,
    removed_by       text,
    removed_reason   text check (removed_reason in ('VALUE_CHANGED', 'RECORD_VOIDED')),
    removed_version  integer,
    check ((removed_at is null) = (removed_reason is null)),
    check ((scope = 'FIELD') = (field is not null))
);
-- The saving listener's one query per correction looks here: only live verifications are in the index.
create index sdv_verification_live on sdv_verification (form_record_id) where removed_at is null;
-- One live verification per record and field (or whole record), so a repeated request verifies nothing twice.
create unique index sdv_verification_one_live on sdv_verification (form_record_id, coalesce(field, '')) where removed_at is null;
create index sdv_verification_site on sdv_verification (study_id, site_id, verified_at);

create trigger sdv_verification_no_delete before delete on sdv_verification
    for each row execute function refuse_delete();
create trigger sdv_verification_no_truncate before truncate on sdv_verification
    for each statement execute function refuse_delete();

-- A monitor's finding: a discrepancy between the source and the data (or a missing source), for the monitoring visit
-- report; the data manager raises a query from it where the data must change.
create table sdv_finding (
    id             bigint generated always as identity primary key,
    study_id       text not null,
    site_id        text not null,
    subject_id     text not null,
    form_record_id bigint not null references form_record (id),
    field          text check (field <> ''),
    finding        text not null check (finding <> ''),
    recorded_at    timestamptz not null default now(),
    recorded_by    text not null
);
create index sdv_finding_site on sdv_finding (study_id, site_id, recorded_at);
create trigger sdv_finding_no_update before update on sdv_finding
    for each row execute function refuse_update();
create trigger sdv_finding_no_delete before delete on sdv_finding
    for each row execute function refuse_delete();
create trigger sdv_finding_no_truncate before truncate on sdv_finding
    for each statement execute function refuse_delete();

-- Each run of the audit chain verification, so the audit trail page shows the last result and its time without
-- re-computing the whole chain on every view.
create table audit_chain_check (
    id            bigint generated always as identity primary key,
    checked_at    timestamptz not null default clock_timestamp(),
    checked_by    text not null,
    intact        boolean not null,
    rows_checked  bigint not null,
    seals_checked bigint not null,
    pending_rows  bigint not null,
    broken_at     text,
    problem       text,
    head          text
);
create trigger audit_chain_check_no_update before update on audit_chain_check
    for each row execute function refuse_update();
create trigger audit_chain_check_no_delete before delete on audit_chain_check
    for each row execute function refuse_delete();
create trigger audit_chain_check_no_truncate before truncate on audit_chain_check
    for each statement execute function refuse_delete();
