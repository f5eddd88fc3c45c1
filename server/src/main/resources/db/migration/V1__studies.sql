-- Studies and their protocol versions. A protocol version is immutable once loaded: a changed
-- file must carry a new version label, so every result can name the exact protocol it ran under.

create table study (
    id              text primary key,
    acronym         text,
    title           text not null,
    current_version text not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create table protocol_version (
    study_id    text not null references study (id),
    version     text not null,
    sha256      char(64) not null,
    source_file text not null,
    source      text not null,
    definition  jsonb not null,
    loaded_at   timestamptz not null default now(),
    primary key (study_id, version)
);

create table sub_trial (
    study_id text not null references study (id),
    id       text not null,
    name     text not null,
    country  text not null,
    primary key (study_id, id)
);

create table site (
    study_id     text not null,
    id           text not null,
    sub_trial_id text not null,
    name         text not null,
    city         text,
    primary key (study_id, id),
    foreign key (study_id, sub_trial_id) references sub_trial (study_id, id)
);

create table registration (
    study_id     text not null,
    sub_trial_id text not null,
    registry     text not null,
    id           text not null,
    registered_on date,
    primary key (study_id, sub_trial_id, registry, id),
    foreign key (study_id, sub_trial_id) references sub_trial (study_id, id)
);
