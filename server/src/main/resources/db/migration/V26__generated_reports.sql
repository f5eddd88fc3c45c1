-- Every study report generated (over the API, on a page, or by the command line on the server's database): who, when,
-- blinded or unblinded, on live data or on a database lock's snapshot, the data cut-off and the protocol version it
-- analysed, and the SHA-256 of the HTML and PDF bytes, so a report on a lock can be generated again later and shown to
-- give the same bytes. A row is a fact about the past: never changed, never deleted.
create table generated_report (
    id               bigint generated always as identity primary key,
    study_id         text        not null references study (id),
    kind             text        not null check (kind in ('BLINDED', 'UNBLINDED')),
    -- null: the live data at generated_at; else the database lock whose stored snapshot the report read
    lock_id          bigint      references data_lock (id),
    analysis_cutoff  date,
    protocol_version text        not null,
    harmonia_version text        not null,
    html_sha256      text        not null check (html_sha256 ~ '^[0-9a-f]{64}$'),
    pdf_sha256       text        not null check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    channel          text        not null check (channel in ('API', 'PAGE', 'COMMAND_LINE')),
    -- the past report this one generated again to check that it reproduces
    reproduces_id    bigint      references generated_report (id),
    generated_by     text        not null,
    generated_at     timestamptz not null default now()
);
create index generated_report_by_study on generated_report (study_id, id desc);

create trigger generated_report_no_update before update on generated_report for each row execute function refuse_update();
create trigger generated_report_no_delete before delete on generated_report for each row execute function refuse_delete();
create trigger generated_report_no_truncate before truncate on generated_report for each statement execute function refuse_delete();
