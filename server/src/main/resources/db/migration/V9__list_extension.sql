-- Randomisation never stops: a stratum whose list is used up is extended by whole further blocks drawn from
-- a key derived from the seed (HMAC-SHA256, purpose "list-extension"), never from the seed itself.
-- Extensions are told to the unblinded statistician through the notification table, now addressed.

-- hex of the list-extension key; null for minimisation (its seed is kept) and for lists generated before it existed
alter table randomisation_setup add column extension_key text;

create table randomisation_extension (
    id             bigint generated always as identity primary key,
    study_id       text not null references study (id),
    stratum        text not null,
    first_position integer not null,
    last_position  integer not null,
    first_block    integer not null,
    last_block     integer not null,
    -- ALLOCATION: a randomisation found no free slot; STATISTICIAN: asked for explicitly
    reason         text not null check (reason in ('ALLOCATION', 'STATISTICIAN')),
    extended_by    text not null,
    extended_at    timestamptz not null default now(),
    check (first_position <= last_position and first_block <= last_block)
);

-- null for the slots of the generated list
alter table randomisation_slot add column extension_id bigint references randomisation_extension (id);

-- who a notification is for: the central (blinded) team, or the unblinded statistician only
alter table notification add column audience text not null default 'CENTRAL_TEAM'
    check (audience in ('CENTRAL_TEAM', 'UNBLINDED_STATISTICIAN'));

create trigger randomisation_extension_no_delete before delete on randomisation_extension for each row execute function refuse_delete();
create trigger randomisation_extension_no_truncate before truncate on randomisation_extension for each statement execute function refuse_delete();
