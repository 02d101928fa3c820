-- Rule-set plugins (issue 4): who may publish, what was published, what is compiled, and which
-- version each product group runs. Packages are immutable once stored; activation is the only
-- thing that changes, and every change is kept in activation_history.

create table plugin_publishers (
    key_id text primary key,
    -- Ed25519 public key, 32 bytes.
    public_key bytea not null check (length(public_key) = 32),
    product_groups text[] not null check (cardinality(product_groups) > 0),
    registered_at timestamptz not null default now(),
    registered_by text not null
);

create table plugin_packages (
    plugin_id text not null,
    version text not null,
    kind text not null,
    product_groups text[] not null,
    manifest bytea not null,
    component bytea not null,
    component_sha256 bytea not null check (length(component_sha256) = 32),
    key_id text not null references plugin_publishers (key_id),
    signature bytea not null check (length(signature) = 64),
    uploaded_at timestamptz not null default now(),
    uploaded_by text not null,
    primary key (plugin_id, version)
);

-- Compiled code, per component and per engine build: another node or a restart with the same
-- engine deserialises instead of compiling.
create table plugin_compiled (
    component_sha256 bytea not null,
    engine_hash text not null,
    code bytea not null,
    compiled_at timestamptz not null default now(),
    primary key (component_sha256, engine_hash)
);

create table plugin_activations (
    product_group text primary key,
    plugin_id text not null,
    version text not null,
    activated_at timestamptz not null default now(),
    activated_by text not null,
    foreign key (plugin_id, version) references plugin_packages (plugin_id, version)
);

create table plugin_activation_history (
    id bigint generated always as identity primary key,
    product_group text not null,
    plugin_id text,
    version text,
    changed_at timestamptz not null default now(),
    changed_by text not null
);

-- Every node listens on this channel and reloads its active rule sets when it fires.
create function notify_plugin_activation() returns trigger language plpgsql as $$
begin
    perform pg_notify('tanba_plugins', coalesce(new.product_group, old.product_group));
    return null;
end $$;

create trigger plugin_activation_changed
    after insert or update or delete on plugin_activations
    for each row execute function notify_plugin_activation();
