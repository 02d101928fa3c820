-- The public check (R7, R2): every check of a code by anyone, counted for clone detection, and
-- the signals a regulator reads when one code is checked in distant places within a short time.
-- Nothing personal is kept: the client's address only as a salted hash, a place only if the
-- person chose to send it.

create table public_checks (
    id bigint generated always as identity primary key,
    unit text not null,
    product_group text,
    checked_at timestamptz not null default now(),
    verdict text not null,
    client_hash bytea,
    latitude double precision check (latitude between -90 and 90),
    longitude double precision check (longitude between -180 and 180),
    check ((latitude is null) = (longitude is null))
);

create index public_checks_unit_time on public_checks (unit, checked_at desc);

create table clone_signals (
    id bigint generated always as identity primary key,
    unit text not null,
    product_group text not null,
    raised_at timestamptz not null default now(),
    distance_km double precision not null,
    minutes_apart double precision not null,
    earlier_check bigint not null references public_checks (id),
    later_check bigint not null references public_checks (id),
    status text not null default 'open' check (status in ('open', 'confirmed', 'dismissed'))
);

create index clone_signals_group_time on clone_signals (product_group, raised_at desc);
