-- Subjects, visits, eCRF records, expedited safety reports and data queries.
-- Trial data is never deleted: every table refuses DELETE (refuse_delete() from V2); a record is voided
-- with a reason instead, and every insert and change has its row in audit_log.

create table subject_counter (
    study_id    text not null,
    site_id     text not null,
    last_number integer not null,
    primary key (study_id, site_id),
    foreign key (study_id, site_id) references site (study_id, id)
);

create table subject (
    study_id                   text not null references study (id),
    id                         text not null,
    site_id                    text not null,
    sub_trial_id               text not null,
    protocol_version           text not null,
    status                     text not null check (status in ('SCREENING', 'ELIGIBLE', 'SCREEN_FAILED', 'ENROLLED',
                                   'RANDOMISED', 'ON_STUDY', 'COMPLETED', 'WITHDRAWN')),
    screening_date             date not null,
    planned_randomisation_date date,
    screening_data             jsonb not null,
    eligibility                jsonb not null,
    eligibility_outcome        text not null,
    failed_criteria            text[] not null default '{}',
    consent_date               date,
    day_zero                   date,
    end_date                   date,
    end_reason                 text,
    version                    integer not null default 1,
    created_at                 timestamptz not null default now(),
    created_by                 text not null,
    updated_at                 timestamptz not null default now(),
    updated_by                 text not null,
    primary key (study_id, id),
    foreign key (study_id, site_id) references site (study_id, id)
);
create index subject_by_site on subject (study_id, site_id);

create table visit_record (
    study_id      text not null,
    subject_id    text not null,
    visit_id      text not null,
    status        text not null check (status in ('DONE', 'MISSED')),
    visit_date    date,
    out_of_window boolean not null default false,
    note          text,
    version       integer not null default 1,
    created_at    timestamptz not null default now(),
    created_by    text not null,
    updated_at    timestamptz not null default now(),
    updated_by    text not null,
    primary key (study_id, subject_id, visit_id),
    foreign key (study_id, subject_id) references subject (study_id, id)
);

create table form_record (
    id          bigint generated always as identity primary key,
    study_id    text not null,
    subject_id  text not null,
    visit_id    text,
    form_id     text not null,
    repeating   boolean not null,
    data        jsonb not null,
    warnings    jsonb not null default '[]',
    version     integer not null default 1,
    voided      boolean not null default false,
    void_reason text,
    voided_at   timestamptz,
    voided_by   text,
    created_at  timestamptz not null default now(),
    created_by  text not null,
    updated_at  timestamptz not null default now(),
    updated_by  text not null,
    foreign key (study_id, subject_id) references subject (study_id, id)
);
-- one live record of a non-repeating form per visit; repeating forms (adverse events...) may have many
create unique index form_once_per_visit on form_record (study_id, subject_id, visit_id, form_id)
    where not repeating and not voided;
create index form_by_subject on form_record (study_id, subject_id);

create table expedited_report (
    id             bigint generated always as identity primary key,
    study_id       text not null,
    subject_id     text not null,
    site_id        text not null,
    form_record_id bigint not null unique references form_record (id),
    raised_at      timestamptz not null default now(),
    due_at         timestamptz not null,
    submitted_at   timestamptz,
    submitted_by   text,
    foreign key (study_id, subject_id) references subject (study_id, id)
);

create table data_query (
    id             bigint generated always as identity primary key,
    study_id       text not null,
    subject_id     text not null,
    site_id        text not null,
    form_record_id bigint not null references form_record (id),
    field          text not null,
    question       text not null,
    status         text not null check (status in ('OPEN', 'ANSWERED', 'CLOSED')),
    raised_at      timestamptz not null default now(),
    raised_by      text not null,
    answer         text,
    answered_at    timestamptz,
    answered_by    text,
    closed_at      timestamptz,
    closed_by      text,
    close_note     text,
    version        integer not null default 1,
    foreign key (study_id, subject_id) references subject (study_id, id)
);
create index open_queries_by_site on data_query (study_id, site_id) where status <> 'CLOSED';

create trigger subject_counter_no_delete before delete on subject_counter for each row execute function refuse_delete();
create trigger subject_no_delete before delete on subject for each row execute function refuse_delete();
create trigger visit_record_no_delete before delete on visit_record for each row execute function refuse_delete();
create trigger form_record_no_delete before delete on form_record for each row execute function refuse_delete();
create trigger expedited_report_no_delete before delete on expedited_report for each row execute function refuse_delete();
create trigger data_query_no_delete before delete on data_query for each row execute function refuse_delete();
