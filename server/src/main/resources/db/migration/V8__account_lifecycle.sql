-- Account lifecycle: disabling with a reason, temporary passwords set by an administrator, and a session
-- generation that ends every signed-in session of an account at once when it is bumped. API tokens expire
-- and are revoked by marking, with who and why; rows are never deleted (V4 refuses DELETE and TRUNCATE).

alter table app_user add column disabled_at timestamptz;
alter table app_user add column disabled_by text;
alter table app_user add column disabled_reason text;
-- a password set by an administrator: the account must choose its own before anything else
alter table app_user add column must_change_password boolean not null default false;
-- bumped by disabling and by a password change or reset: a session signed in under an older generation is
-- over. Checked on every session request through the primary key, so it holds across server instances.
alter table app_user add column session_generation integer not null default 0;
alter table app_user add constraint disabled_has_when check (enabled or disabled_at is not null);

-- Tokens issued before expiry existed get the default lifetime from now, rather than expiring at once.
alter table api_token add column expires_at timestamptz;
update api_token set expires_at = now() + interval '90 days' where expires_at is null;
alter table api_token alter column expires_at set not null;
alter table api_token add column revoked_by text;
alter table api_token add column revoked_reason text;
create index api_token_by_user on api_token (user_id, created_at);
