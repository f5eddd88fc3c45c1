-- Pharmacy: the life of every kit from the depot to the subject (shipped, received at a site, dispensed at a visit,
-- returned, destroyed, or quarantined and expired), the MSC batches with their release data, shipments, the
-- shipment requests a site's low stock raises, and the dispensings that tie kit, batch, subject, visit and infusion
-- record (the chain of identity). Only the unblinded pharmacist reads these tables: a kit's row names its batch and,
-- through kit, its sequence. A kit without a kit_stock row is still at the depot, as generated with the list.

create table msc_batch (
    study_id             text not null references study (id),
    batch_id             text not null,
    -- AUTOLOGOUS cells are expanded from one subject's own marrow (donor = that subject), ALLOGENEIC from a donor's
    source               text not null check (source in ('AUTOLOGOUS', 'ALLOGENEIC')),
    donor                text not null,
    cell_dose_per_kg     numeric not null check (cell_dose_per_kg > 0),
    viability_percent    numeric(5, 2) not null check (viability_percent >= 0 and viability_percent <= 100),
    release_tests_passed boolean not null,
    release_date         date,
    expiry_date          date not null,
    recorded_at          timestamptz not null default now(),
    recorded_by          text not null,
    primary key (study_id, batch_id)
);

create table shipment (
    id           bigint generated always as identity primary key,
    study_id     text not null references study (id),
    site_id      text not null,
    status       text not null check (status in ('SHIPPED', 'RECEIVED')),
    shipped_at   timestamptz not null default now(),
    shipped_by   text not null,
    received_at  timestamptz,
    received_by  text,
    foreign key (study_id, site_id) references site (study_id, id)
);

create table kit_stock (
    study_id    text not null,
    kit_number  text not null,
    state       text not null check (state in ('AT_DEPOT', 'SHIPPED', 'RECEIVED', 'DISPENSED', 'RETURNED', 'DESTROYED',
                    'QUARANTINED', 'EXPIRED')),
    site_id     text,
    batch_id    text,
    shipment_id bigint references shipment (id),
    subject_id  text,
    version     integer not null default 1,
    updated_at  timestamptz not null default now(),
    updated_by  text not null,
    primary key (study_id, kit_number),
    foreign key (study_id, kit_number) references kit (study_id, kit_number),
    foreign key (study_id, batch_id) references msc_batch (study_id, batch_id),
    foreign key (study_id, site_id) references site (study_id, id)
);
create index kit_stock_by_site on kit_stock (study_id, site_id, state);

-- every transition of a kit, in order: its history; the current state is kit_stock's
create table kit_event (
    id          bigint generated always as identity primary key,
    study_id    text not null,
    kit_number  text not null,
    event       text not null,
    from_state  text not null,
    to_state    text not null,
    site_id     text,
    shipment_id bigint,
    reason      text,
    at          timestamptz not null default now(),
    by          text not null,
    foreign key (study_id, kit_number) references kit (study_id, kit_number)
);
create index kit_event_by_kit on kit_event (study_id, kit_number, id);

create table shipment_request (
    id            bigint generated always as identity primary key,
    study_id      text not null references study (id),
    site_id       text not null,
    kits_on_hand  integer not null,
    threshold     integer not null,
    kits_wanted   integer not null,
    status        text not null check (status in ('OPEN', 'SHIPPED')),
    raised_at     timestamptz not null default now(),
    raised_by     text not null,
    shipment_id   bigint references shipment (id),
    foreign key (study_id, site_id) references site (study_id, id)
);
-- one open request per site: a site that stays low is not asked for twice
create unique index one_open_shipment_request on shipment_request (study_id, site_id) where status = 'OPEN';

create table dispensing (
    id            bigint generated always as identity primary key,
    study_id      text not null,
    kit_number    text not null,
    batch_id      text not null,
    subject_id    text not null,
    site_id       text not null,
    visit_id      text not null,
    dispensed_on  date not null,
    dispensed_at  timestamptz not null default now(),
    dispensed_by  text not null,
    unique (study_id, subject_id, visit_id),
    foreign key (study_id, kit_number) references kit (study_id, kit_number),
    foreign key (study_id, batch_id) references msc_batch (study_id, batch_id),
    foreign key (study_id, subject_id) references subject (study_id, id)
);

create trigger msc_batch_no_delete before delete on msc_batch for each row execute function refuse_delete();
create trigger shipment_no_delete before delete on shipment for each row execute function refuse_delete();
create trigger kit_stock_no_delete before delete on kit_stock for each row execute function refuse_delete();
create trigger kit_event_no_delete before delete on kit_event for each row execute function refuse_delete();
create trigger shipment_request_no_delete before delete on shipment_request for each row execute function refuse_delete();
create trigger dispensing_no_delete before delete on dispensing for each row execute function refuse_delete();
create trigger msc_batch_no_truncate before truncate on msc_batch for each statement execute function refuse_delete();
create trigger shipment_no_truncate before truncate on shipment for each statement execute function refuse_delete();
create trigger kit_stock_no_truncate before truncate on kit_stock for each statement execute function refuse_delete();
create trigger kit_event_no_truncate before truncate on kit_event for each statement execute function refuse_delete();
create trigger shipment_request_no_truncate before truncate on shipment_request for each statement execute function refuse_delete();
create trigger dispensing_no_truncate before truncate on dispensing for each statement execute function refuse_delete();
