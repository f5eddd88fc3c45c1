-- Users, their roles per study (site roles scoped to sites), and personal API tokens.
-- Passwords are stored as bcrypt hashes, tokens as SHA-256 hashes: neither can be read back.

create table app_user (
    id              bigint generated always as identity primary key,
    username        text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name    text not null,
    password_hash   text not null,
    administrator   boolean not null default false,
    enabled         boolean not null default true,
    failed_logins   integer not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null default now(),
    created_by      text not null
);

create table role_assignment (
    id          bigint generated always as identity primary key,
    user_id     bigint not null references app_user (id),
    study_id    text not null references study (id),
    role        text not null check (role in ('SITE_INVESTIGATOR', 'SITE_COORDINATOR', 'CENTRAL_DATA_MANAGER',
                    'MONITOR', 'UNBLINDED_STATISTICIAN', 'UNBLINDED_PHARMACIST', 'DSMB_MEMBER',
                    'STUDY_ADMINISTRATOR')),
    site_id     text,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now(),
    created_by  text not null,
    foreign key (study_id, site_id) references site (study_id, id)
);
create unique index one_live_assignment on role_assignment (user_id, study_id, role, coalesce(site_id, ''))
    where revoked_at is null;

create table api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint not null references app_user (id),
    name         text not null,
    token_sha256 char(64) not null unique,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create trigger app_user_no_delete before delete on app_user for each row execute function refuse_delete();
create trigger role_assignment_no_delete before delete on role_assignment for each row execute function refuse_delete();
create trigger api_token_no_delete before delete on api_token for each row execute function refuse_delete();
