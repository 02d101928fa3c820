-- Adapters to external systems (issue 7; G1, R6, R12, R13): the hub does their IO
-- (DESIGN.md, principles 1-3).

-- Messages for external systems, written in the transaction of the change (or the step of an
-- exchange) that causes them, and delivered by the worker with retries. `job` is set when the
-- message is a step of a job's exchange: its reply goes back to the adapter (`on-reply`) with
-- `exchange_state`, the adapter's opaque state of that step.
create table adapter_outbox (
    id uuid primary key,
    adapter text not null,
    endpoint text not null,
    path text not null default '',
    method text not null check (method in ('get', 'post')),
    -- The adapter's key: a message with a given key is delivered at most once per adapter.
    idempotency_key text not null,
    body bytea not null,
    content_type text not null,
    -- [[name, value], ...]
    headers jsonb not null default '[]',
    sign boolean not null default false,
    job text,
    exchange_state bytea,
    status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    delivered_at timestamptz,
    unique (adapter, idempotency_key)
);

-- The worker's scan: due pending messages, oldest first.
create index adapter_outbox_due on adapter_outbox (next_attempt_at) where status = 'pending';
create index adapter_outbox_dead on adapter_outbox (created_at) where status = 'dead';

-- One row per (adapter, job): its schedule slot and its last run. The scheduler claims a due
-- job under `pg_try_advisory_xact_lock` and moves `next_due_at` in the same transaction, so a
-- slot starts once across every hub node.
create table adapter_jobs (
    adapter text not null,
    job text not null,
    -- The next time the job's cron expression (Asia/Almaty) falls due; null until scheduled.
    next_due_at timestamptz,
    run_started_at timestamptz,
    run_ended_at timestamptz,
    -- running, done, failed
    outcome text check (outcome in ('running', 'done', 'failed')),
    -- The failure's stable code and its English reason, for the operator.
    last_error text,
    -- What the last finished run kept (`done.keep`), passed to the next `start-job`.
    kept bytea not null default '',
    -- The opaque state of the exchange in progress (its last `send`), null when none.
    exchange_state bytea,
    primary key (adapter, job)
);
