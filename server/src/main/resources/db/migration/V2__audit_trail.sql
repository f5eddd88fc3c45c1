-- The audit trail (ICH E6 GCP, 21 CFR Part 11): every insert, change and voiding of trial data, and
-- events such as log-ins and unblinding, as one append-only row each. Rows form a hash chain: each
-- row's hash covers its own content and the previous row's hash, so editing, deleting or inserting
-- a row anywhere breaks the chain from that row on (docs/audit.md has the exact byte layout).
--
-- seq is assigned by the appender as head + 1 while it holds the chain lock, not by an identity
-- sequence: a rolled-back transaction would leave a hole in a sequence, and a hole must only ever
-- mean that a row was deleted.

create table audit_log (
    seq         bigint primary key check (seq > 0),
    recorded_at timestamptz not null,
    actor       text not null check (actor <> ''),
    action      text not null check (action ~ '^[A-Z][A-Z_]*$'),
    study_id    text,
    site_id     text,
    entity_type text,
    entity_id   text,
    field       text,
    old_value   text,
    new_value   text,
    reason      text,
    prev_hash   char(64) unique check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        char(64) not null check (hash ~ '^[0-9a-f]{64}$'),
    -- only the first row starts the chain; with prev_hash unique, two rows can never claim the same predecessor
    check ((seq = 1) = (prev_hash is null))
);

create index audit_log_entity on audit_log (entity_type, entity_id, seq);
create index audit_log_study on audit_log (study_id, site_id, seq);
create index audit_log_actor on audit_log (actor, seq);
create index audit_log_recorded_at on audit_log (recorded_at);

-- One length-prefixed field of the hashed message: 4-byte big-endian length of the UTF-8 bytes, then
-- the bytes; null is the length -1 (ff ff ff ff) with no bytes, so null and '' differ.
create function audit_field(v text) returns bytea
    language sql immutable as $$
    select case when v is null then '\xffffffff'::bytea
                else int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') end
$$;

-- The hash of a row as stored: SHA-256 over the format tag and every column but hash, in column order,
-- with recorded_at in UTC at microsecond precision. AuditHash in the server computes the same bytes.
create function audit_row_hash(r audit_log) returns char(64)
    language sql stable as $$
    select encode(sha256(
        audit_field('harmonia-audit-v1')
        || audit_field(r.seq::text)
        || audit_field(to_char(r.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || audit_field(r.actor)
        || audit_field(r.action)
        || audit_field(r.study_id)
        || audit_field(r.site_id)
        || audit_field(r.entity_type)
        || audit_field(r.entity_id)
        || audit_field(r.field)
        || audit_field(r.old_value)
        || audit_field(r.new_value)
        || audit_field(r.reason)
        || audit_field(r.prev_hash::text)), 'hex')
$$;

-- The chain lock: every appender, in any server instance, takes this transaction-scoped advisory lock
-- before reading the head, so two transactions never extend the same head.
create function audit_chain_lock_key() returns bigint
    language sql immutable as $$
    select 7521418667031947617::bigint -- the ASCII bytes of "harmonia"; any fixed value would do
$$;

-- Refuses a row that does not extend the chain (wrong seq, wrong predecessor, wrong hash), whoever
-- writes it: the server, a script or a console.
create function audit_log_check_append() returns trigger
    language plpgsql as $$
declare
    head_seq  bigint;
    head_hash char(64);
begin
    perform pg_advisory_xact_lock(audit_chain_lock_key());
    select seq, hash into head_seq, head_hash from audit_log order by seq desc limit 1;
    if new.seq <> coalesce(head_seq, 0) + 1 or new.prev_hash is distinct from head_hash then
        raise exception 'audit_log: row % does not extend the chain, whose head is row %', new.seq, coalesce(head_seq, 0)
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.hash <> audit_row_hash(new) then
        raise exception 'audit_log: row % carries a hash that does not match its content', new.seq
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end $$;

create trigger audit_log_append before insert on audit_log
    for each row execute function audit_log_check_append();

-- An audit row, once written, never changes.
create function refuse_update() returns trigger
    language plpgsql as $$
begin
    raise exception '%: rows are never changed; record a correction instead (update refused)', tg_table_name
        using errcode = 'integrity_constraint_violation';
end $$;

-- Trial data is never hard-deleted: void it (with who, when and why) instead. Attach to any table with
--     create trigger <table>_no_delete before delete on <table>
--         for each row execute function refuse_delete();
--     create trigger <table>_no_truncate before truncate on <table>
--         for each statement execute function refuse_delete();
-- (the second line matters: TRUNCATE does not fire row-level delete triggers).
create function refuse_delete() returns trigger
    language plpgsql as $$
begin
    raise exception '%: rows are never deleted; void them instead (% refused)', tg_table_name, lower(tg_op)
        using errcode = 'integrity_constraint_violation';
end $$;

create trigger audit_log_no_update before update on audit_log
    for each row execute function refuse_update();
create trigger audit_log_no_delete before delete on audit_log
    for each row execute function refuse_delete();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_delete();
