-- Audit rows are chained after they are committed, by seals, instead of under one lock inside every writing
-- transaction. Until now each appender took a database-wide lock, read the chain's head and extended it, and held
-- the lock to its commit: every write in the whole database waited for the one before it to reach the disk.
--
-- Now a transaction inserts its audit rows with no hash of its own, stamped with its transaction id (xid), and never
-- waits for another writer. A sealing step (one at a time, in any server instance or `audit verify`) takes every row
-- of the transactions that have all finished since the previous seal - those with an xid below the oldest one still
-- running, so no row can join that range later - and appends one seal to the chain: the SHA-256 over the previous
-- seal's hash and the digests of those rows in (xid, seq) order. Editing, deleting or inserting a sealed row breaks
-- its seal; rewriting a seal breaks the next one; consecutive seals cover consecutive xid ranges, so no range can be
-- left out. docs/audit.md gives the byte layout and the guarantee.
--
-- Rows written before this change keep their row-by-row chain (seq, prev_hash, hash) and are verified as before;
-- the first seal continues that chain from its last row's hash.

alter table audit_log add column xid bigint;

-- The stamp is the transaction id plus an offset kept in audit_xid_offset: 0 on a database that grew here, raised
-- when a copy is restored into another PostgreSQL cluster (harmonia restore, audit_after_restore()), whose own
-- transaction ids start low again, so that a restored database's new rows always come after its sealed ones.
create table audit_xid_offset (
    singleton  boolean primary key default true check (singleton),
    xid_offset bigint not null default 0 check (xid_offset >= 0)
);
insert into audit_xid_offset default values;
create trigger audit_xid_offset_no_delete before delete on audit_xid_offset
    for each row execute function refuse_delete();
create trigger audit_xid_offset_no_truncate before truncate on audit_xid_offset
    for each statement execute function refuse_delete();

-- This transaction's stamp. Volatile: it gives the transaction an id if it has none yet.
create function audit_xact_stamp() returns bigint
    language sql volatile as $$
    select pg_current_xact_id()::text::bigint + xid_offset from audit_xid_offset
$$;

-- The sealing horizon: the stamp of the oldest transaction still running (or of the next one, if none is); every
-- transaction with a smaller stamp has finished.
create function audit_seal_horizon() returns bigint
    language sql volatile as $$
    select pg_snapshot_xmin(pg_current_snapshot())::text::bigint + xid_offset from audit_xid_offset
$$;

-- Rows chained row by row (before seals) carry a hash and no xid; sealed rows an xid and no hash.
alter table audit_log alter column hash drop not null;
alter table audit_log drop constraint audit_log_check;
alter table audit_log add constraint audit_log_chained_or_sealed check (
    (xid is null and hash is not null and ((seq = 1) = (prev_hash is null)))
    or (xid is not null and hash is null and prev_hash is null));

-- seq now only orders rows and names them; it may have holes (a rolled-back transaction uses numbers up), which
-- no longer say anything about deletions: a deleted sealed row breaks its seal instead.
create sequence audit_log_seq owned by audit_log.seq;
select setval('audit_log_seq', coalesce((select max(seq) from audit_log), 0) + 1, false);
alter table audit_log alter column seq set default nextval('audit_log_seq');
alter table audit_log alter column recorded_at set default clock_timestamp();

create index audit_log_xid on audit_log (xid, seq) where xid is not null;

-- prev_hash stays unique where it is set (rows chained row by row); sealed rows have none and need no entry.
alter table audit_log drop constraint audit_log_prev_hash_key;
create unique index audit_log_prev_hash on audit_log (prev_hash) where prev_hash is not null;

-- A new row enters unsealed, stamped with the id of the transaction writing it whatever the writer claims, since
-- the seals' xid ranges rely on it.
create or replace function audit_log_check_append() returns trigger
    language plpgsql as $$
begin
    if new.prev_hash is not null or new.hash is not null then
        raise exception 'audit_log: a new row carries no hash; it is chained by the next seal after its commit'
            using errcode = 'integrity_constraint_violation';
    end if;
    new.xid := audit_xact_stamp();
    return new;
end $$;

-- The chain of seals. position counts seals from 1 without holes; xid_from of a seal is xid_to of the one before
-- (0 for the first), so the ranges leave nothing out.
create table audit_seal (
    position   bigint primary key check (position > 0),
    sealed_at  timestamptz not null default clock_timestamp(),
    xid_from   bigint not null check (xid_from >= 0),
    xid_to     bigint not null,
    row_count  integer not null check (row_count > 0),
    first_seq  bigint not null,
    last_seq   bigint not null,
    prev_hash  char(64) unique check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash       char(64) not null check (hash ~ '^[0-9a-f]{64}$'),
    check (xid_to > xid_from)
);

create trigger audit_seal_no_update before update on audit_seal
    for each row execute function refuse_update();
create trigger audit_seal_no_delete before delete on audit_seal
    for each row execute function refuse_delete();
create trigger audit_seal_no_truncate before truncate on audit_seal
    for each statement execute function refuse_delete();

-- One sealer at a time across every server instance and command.
create function audit_seal_lock_key() returns bigint
    language sql immutable as $$
    select 7521418667031947618::bigint -- the chain lock's key + 1
$$;

-- After a restore into another cluster: raise the offset so that every later stamp is above every stamp and seal
-- range already in the trail. Returns the offset now in force.
create function audit_after_restore() returns bigint
    language sql volatile as $$
    update audit_xid_offset set xid_offset = greatest(xid_offset,
        greatest((select max(xid) from audit_log), (select max(xid_to) from audit_seal), 0) + 1
            - pg_snapshot_xmin(pg_current_snapshot())::text::bigint)
    returning xid_offset
$$;
