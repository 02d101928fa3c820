-- The rest of the adapters' hub runtime (issue 7; G1, G2, R5, R6, R12, R13): hub events to
-- adapters, documents submitted by adapters.

-- Which adapter handles which hub event (`describe().events`), written by every node that
-- loads adapters. A document's transaction queues one event per subscribed adapter by reading
-- this table, so it never calls WebAssembly while it holds its locks.
create table adapter_subscriptions (
    adapter text not null,
    event text not null,
    primary key (adapter, event)
);

-- The durable queue of hub events for adapters, written in the transaction of the change
-- (a document applied). The runner takes the oldest (`for update skip locked`), calls
-- `on-event` with the adapter's kept state and applies its step in the same transaction.
create table adapter_events (
    id uuid primary key,
    adapter text not null,
    -- `document-applied`
    kind text not null,
    -- What the adapter is told (for `document-applied`: the applied document).
    payload jsonb not null,
    status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    handled_at timestamptz
);

create index adapter_events_due on adapter_events (next_attempt_at) where status = 'pending';

-- What each adapter's last finished event exchange kept (`done.keep`), for the next
-- `on-event`.
create table adapter_event_state (
    adapter text primary key,
    kept bytea not null default ''
);

-- A document an adapter submitted: the adapter it came from and its id in the external
-- system; a second one with the same pair is a redelivery and is not stored again.
alter table documents add column origin_adapter text;
alter table documents add column external_id text;
alter table documents add check ((origin_adapter is null) = (external_id is null));
create unique index documents_origin on documents (origin_adapter, external_id)
    where origin_adapter is not null;
