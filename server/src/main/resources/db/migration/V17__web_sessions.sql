-- Signed-in web sessions, kept in the database so that every server instance on it knows every session
-- (Spring Session JDBC). The tables are Spring Session's PostgreSQL schema (spring-session-jdbc 4.1,
-- org/springframework/session/jdbc/schema-postgresql.sql) with its names; Spring Session's own schema
-- initialisation is turned off, so the schema has one history, here. Sessions are not trial data: an ended or
-- expired session is deleted (sign-ins stay in audit_log).
-- Unlogged: every request updates its session's last access time, and these writes never wait for the disk (no WAL);
-- a crash of the database empties the tables, which signs everybody out, the safe side, and nothing else is lost.
create unlogged table spring_session (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int not null,
    expiry_time           bigint not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);

create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create unlogged table spring_session_attributes (
    session_primary_id char(36) not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id) on delete cascade
);
