-- The first answer to every creating request sent with an Idempotency-Key header, so that a client retrying a
-- request whose answer it lost gets that answer again instead of creating the data a second time. A key belongs
-- to one user and one request (method, path and body, by hash); it is written in the transaction of the request.
create table idempotency_key (
    username        text not null,
    idempotency_key text not null,
    request_sha256  char(64) not null,
    status          integer,
    content_type    text,
    location        text,
    body            bytea,
    created_at      timestamptz not null default now(),
    primary key (username, idempotency_key)
);
