-- Concealed randomisation. The list and the kit table say which sequence each slot and kit holds: only the
-- randomisation service and the unblinded endpoints read them. Allocations record the slot and kit taken;
-- audit rows of allocations name slot and kit, never the sequence, because blinded monitors read the trail.

create table randomisation_setup (
    study_id         text primary key references study (id),
    method           text not null check (method in ('PERMUTED_BLOCKS', 'MINIMISATION')),
    seed_fingerprint text not null,
    -- kept only for minimisation, whose random element is drawn at allocation time
    minimisation_seed text,
    list_length      integer not null,
    generated_at     timestamptz not null default now(),
    generated_by     text not null
);

create table randomisation_slot (
    study_id          text not null references study (id),
    stratum           text not null,
    position          integer not null,
    sequence_id       text not null,
    block_number      integer not null,
    block_size        integer not null,
    kit_number        text not null,
    subject_id        text,
    allocated_at      timestamptz,
    primary key (study_id, stratum, position),
    unique (study_id, kit_number),
    unique (study_id, subject_id)
);

create table kit (
    study_id    text not null references study (id),
    kit_number  text not null,
    sequence_id text not null,
    subject_id  text,
    primary key (study_id, kit_number)
);

create table allocation (
    study_id      text not null,
    subject_id    text not null,
    stratum       text not null,
    position      integer,
    sequence_id   text not null,
    kit_number    text not null,
    factor_levels jsonb not null default '{}',
    allocated_at  timestamptz not null default now(),
    allocated_by  text not null,
    primary key (study_id, subject_id),
    unique (study_id, kit_number),
    foreign key (study_id, subject_id) references subject (study_id, id)
);

create table emergency_unblinding (
    id           bigint generated always as identity primary key,
    study_id     text not null,
    subject_id   text not null,
    unblinded_by text not null,
    unblinded_at timestamptz not null default now(),
    reason       text not null,
    foreign key (study_id, subject_id) references subject (study_id, id)
);

create table notification (
    id          bigint generated always as identity primary key,
    study_id    text not null references study (id),
    kind        text not null,
    subject_id  text,
    site_id     text,
    message     text not null,
    created_at  timestamptz not null default now()
);

alter table subject add column emergency_unblinded boolean not null default false;

create trigger randomisation_setup_no_delete before delete on randomisation_setup for each row execute function refuse_delete();
create trigger randomisation_slot_no_delete before delete on randomisation_slot for each row execute function refuse_delete();
create trigger kit_no_delete before delete on kit for each row execute function refuse_delete();
create trigger allocation_no_delete before delete on allocation for each row execute function refuse_delete();
create trigger emergency_unblinding_no_delete before delete on emergency_unblinding for each row execute function refuse_delete();
create trigger notification_no_delete before delete on notification for each row execute function refuse_delete();
