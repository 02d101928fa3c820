-- Codes and transport units once something happens to them (issue 3; R3, R4, R8). An emitted
-- code has no row until a report or document first touches it (its order says it was emitted);
-- from then on its status, owner and place in the aggregation tree live here, and every change
-- adds a history row in the same transaction.

create table units (
    -- tanba_domain::UnitId key: "01<gtin>21<serial>" for a code, "00<sscc>" for a transport unit.
    key text primary key check (key ~ '^(01[0-9]{14}21.{1,20}|00[0-9]{18})$'),
    status text not null check (status in
        ('EMITTED', 'APPLIED', 'INTRODUCED', 'RETIRED', 'WRITTEN_OFF', 'WITHDRAWN')),
    owner text not null references participants (id),
    parent text references units (key),
    -- The emission order of a code (none for a transport unit).
    order_id uuid references emission_orders (id),
    updated_at timestamptz not null default now(),
    check (parent is distinct from key)
);

create index units_by_parent on units (parent) where parent is not null;

create table unit_history (
    id bigint generated always as identity primary key,
    unit text not null references units (key),
    at timestamptz not null default now(),
    -- The participant whose report or document caused the change.
    actor text not null,
    -- APPLY, INTRODUCE, ..., AGGREGATE, DISAGGREGATE, REAGGREGATE.
    event text not null,
    status text not null,
    owner text not null,
    parent text,
    cause_kind text not null check (cause_kind in ('report', 'document')),
    cause_id uuid not null
);

create index unit_history_by_unit on unit_history (unit, id);
create index unit_history_by_cause on unit_history (cause_id);
