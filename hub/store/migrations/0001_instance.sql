-- The identity of this database: one row, made when the schema is first created, so an
-- operator (`tanba db`) and the logs can tell one hub database from another.
create table instance (
    id uuid primary key default gen_random_uuid(),
    created_at timestamptz not null default now(),
    singleton boolean not null default true unique check (singleton)
);
insert into instance default values;
