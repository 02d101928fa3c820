-- The registry (issue 3; R1, R2, R9): product groups as data, their verification key ids,
-- participants with their API tokens, the product catalogue, and emission orders.
--
-- Key material is never stored: every serial and verification key is derived from the hub's
-- master secret and the ids below (tanba_domain::emission::MasterSecret).

-- Exclusion constraints over (gtin, counter range) need btree_gist (a trusted extension).
create extension if not exists btree_gist;

create table product_groups (
    id text primary key check (id ~ '^[a-z][a-z0-9-]{0,31}$'),
    -- {"kk": ..., "ru": ..., "en": ...}
    names jsonb not null check (names ?& array['kk', 'ru', 'en']),
    serial_length int not null check (serial_length between 1 and 20),
    serial_alphabet text not null,
    -- The crypto tail: AI 93 (4 chars), AI 91+92 (44 chars) or AI 91+92 (88 chars).
    tail text not null check (tail in ('93', '92-44', '92-88')),
    mandatory_ais text[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table verification_keys (
    product_group text not null references product_groups (id),
    key_id text not null check (key_id ~ '^[A-Z0-9]{4}$'),
    created_at timestamptz not null default now(),
    -- Set when a newer key replaces it for new orders; a retired key still verifies its codes.
    retired_at timestamptz,
    primary key (product_group, key_id)
);

-- One current key per group.
create unique index verification_keys_current
    on verification_keys (product_group) where retired_at is null;

create table participants (
    -- BIN or IIN, 12 digits.
    id text primary key check (id ~ '^[0-9]{12}$'),
    kind text not null check (kind in ('bin', 'iin')),
    -- {"kk": ..., "ru": ...}
    names jsonb not null check (names ?& array['kk', 'ru']),
    roles text[] not null check (cardinality(roles) > 0),
    product_groups text[] not null default '{}',
    status text not null check (status in ('active', 'suspended')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table api_tokens (
    id uuid primary key,
    participant text not null references participants (id),
    -- SHA-256 of the token; the token itself is shown once and never stored.
    token_sha256 bytea not null unique check (length(token_sha256) = 32),
    label text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);

create table products (
    gtin text primary key check (gtin ~ '^[0-9]{14}$'),
    product_group text not null references product_groups (id),
    -- The participant who owns the GTIN (its manufacturer or importer); only it or the
    -- operator may change the product or order codes for it.
    owner text not null references participants (id),
    names jsonb not null check (names ?& array['kk', 'ru', 'en']),
    brand text,
    manufacturer text,
    importer text references participants (id),
    tn_ved text check (tn_ved ~ '^[0-9]{10}$'),
    shelf_life_days int check (shelf_life_days > 0),
    attributes jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index products_by_owner on products (owner, gtin);

-- The next free serial counter of each GTIN: orders take ranges from it under a row lock.
create table gtin_counters (
    gtin text primary key references products (gtin),
    next_counter bigint not null default 0 check (next_counter >= 0)
);

create table emission_orders (
    id uuid primary key,
    participant text not null references participants (id),
    gtin text not null references products (gtin),
    product_group text not null references product_groups (id),
    quantity bigint not null check (quantity between 1 and 1000000),
    first_counter bigint not null check (first_counter >= 0),
    counters int8range generated always as
        (int8range(first_counter, first_counter + quantity)) stored,
    -- The verification key of the order's codes and the format they were made in.
    key_id text not null,
    serial_length int not null,
    serial_alphabet text not null,
    tail text not null,
    created_at timestamptz not null default now(),
    foreign key (product_group, key_id) references verification_keys (product_group, key_id),
    -- Serials are FF1 of counters: disjoint counter ranges per GTIN make them unique forever,
    -- whatever the counter row says.
    exclude using gist (gtin with =, counters with &&)
);

create index emission_orders_by_participant on emission_orders (participant, created_at desc, id);
