-- Data management: a query's whole thread (raised, answered, re-opened, closed, as often as it goes round), the
-- edit check that raised a query automatically, and the findings of edit checks, each raising its query once.

alter table data_query add column edit_check text;

create table data_query_event (
    id       bigint generated always as identity primary key,
    query_id bigint not null references data_query (id),
    kind     text not null check (kind in ('RAISED', 'ANSWERED', 'REOPENED', 'CLOSED')),
    text     text,
    at       timestamptz not null default now(),
    by_user  text not null
);
create index data_query_event_by_query on data_query_event (query_id, id);

-- the threads of the queries raised before threads were kept, from what their rows hold
insert into data_query_event (query_id, kind, text, at, by_user)
select id, 'RAISED', question, raised_at, raised_by from data_query order by id;
insert into data_query_event (query_id, kind, text, at, by_user)
select id, 'ANSWERED', answer, answered_at, answered_by from data_query where answered_at is not null order by id;
insert into data_query_event (query_id, kind, text, at, by_user)
select id, 'CLOSED', close_note, closed_at, closed_by from data_query where closed_at is not null order by id;

-- one finding per check, subject and the facts that broke it: a re-run finds it again and raises nothing twice
create table edit_check_finding (
    id               bigint generated always as identity primary key,
    study_id         text not null,
    subject_id       text not null,
    check_id         text not null,
    facts            text not null,
    protocol_version text not null,
    query_id         bigint references data_query (id),
    found_at         timestamptz not null default now(),
    unique (study_id, subject_id, check_id, facts),
    foreign key (study_id, subject_id) references subject (study_id, id)
);

-- the cross-site views count saved forms per visit and form
create index form_record_live_by_visit on form_record (study_id, visit_id, form_id) where not voided;
create index data_query_by_record on data_query (form_record_id) where status <> 'CLOSED';

create trigger data_query_event_no_delete before delete on data_query_event for each row execute function refuse_delete();
create trigger edit_check_finding_no_delete before delete on edit_check_finding for each row execute function refuse_delete();
create trigger data_query_event_no_truncate before truncate on data_query_event for each statement execute function refuse_delete();
create trigger edit_check_finding_no_truncate before truncate on edit_check_finding for each statement execute function refuse_delete();
