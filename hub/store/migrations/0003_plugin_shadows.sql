-- Shadow runs (issue 4): a candidate rule set runs beside a group's active one on live traffic;
-- only the active verdict counts, and every disagreement is kept for the regulator to read.

create table plugin_shadows (
    product_group text primary key,
    plugin_id text not null,
    version text not null,
    started_at timestamptz not null default now(),
    started_by text not null,
    foreign key (plugin_id, version) references plugin_packages (plugin_id, version)
);

create table plugin_shadow_disagreements (
    id bigint generated always as identity primary key,
    product_group text not null,
    function text not null,
    -- SHA-256 of the call's input, to find the same case again without storing personal data.
    input_sha256 bytea not null check (length(input_sha256) = 32),
    active text not null,
    candidate text not null,
    active_verdict jsonb not null,
    candidate_verdict jsonb not null,
    observed_at timestamptz not null default now()
);

create index plugin_shadow_disagreements_by_group
    on plugin_shadow_disagreements (product_group, observed_at desc);

-- Nodes reload their shadows on the same channel as activations.
create trigger plugin_shadow_changed
    after insert or update or delete on plugin_shadows
    for each row execute function notify_plugin_activation();
