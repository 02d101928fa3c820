-- Exports of de-personalised aggregates for analytic systems (issue 9; R15).
--
-- A participant's region: the KATO code (9 digits) of where it is registered, when known (the
-- state registers report it; the operator may set it). Exports group flows by it; a participant
-- without one counts under the region 'unknown'.
alter table participants add column kato text check (kato ~ '^[0-9]{9}$');

-- Exports read the unit history by time; without this every export would scan it whole.
create index unit_history_by_at on unit_history (at);

-- One row per export: its manifest and the Parquet file itself. The file is small (one row per
-- day, group, region, GTIN and flow, never per code) so it lives here, where every hub node
-- reads it and backups keep it with the history it was computed from: PostgreSQL stays the
-- only state.
create table exports (
    id uuid primary key,
    -- The period [period_from, period_to) of whole days in Asia/Almaty.
    period_from date not null,
    period_to date not null check (period_to > period_from),
    -- 'scheduled' (the cron job, consecutive periods) or 'on-demand' (an operator's request).
    trigger text not null check (trigger in ('scheduled', 'on-demand')),
    manifest jsonb not null,
    file bytea not null,
    file_sha256 bytea not null check (length(file_sha256) = 32),
    created_at timestamptz not null default now()
);

-- Scheduled exports follow one another: one per starting day, so two nodes cannot both export
-- the same period.
create unique index exports_scheduled_once on exports (period_from) where trigger = 'scheduled';
create index exports_by_time on exports (created_at, id);
