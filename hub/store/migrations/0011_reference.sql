-- Reference data (issue 9; R20): every classifier the system uses (TN VED, countries, units,
-- KATO, product groups, document kinds, reasons, code statuses) in one table, each code in
-- versions with effective dates. A value that changes on 1 January is a second version from
-- that day: it is known before and applies from then. Versions of one code never overlap (an
-- exclusion constraint, deferred so that an import may close one version and open the next in
-- any order inside its transaction).

create table reference_entries (
    classifier text not null check (classifier ~ '^[a-z][a-z0-9-]{1,39}$'),
    code text not null check (length(code) between 1 and 64),
    parent_code text check (parent_code is null or length(parent_code) between 1 and 64),
    -- {"kk": ..., "ru": ..., "en": ...}
    names jsonb not null check (jsonb_typeof(names) = 'object'),
    -- Further columns of the classifier's file, as text: {"alpha3": "KAZ", ...}.
    attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
    valid_from date not null,
    -- Exclusive; null while the version is in force.
    valid_to date check (valid_to is null or valid_to > valid_from),
    -- The code and the names, lower-cased by the hub, for search by prefix or by name.
    search text not null,
    updated_at timestamptz not null default now(),
    primary key (classifier, code, valid_from),
    constraint reference_versions_do_not_overlap exclude using gist (
        classifier with =, code with =, daterange(valid_from, valid_to, '[)') with &&
    ) deferrable initially deferred
);

create index reference_entries_by_parent on reference_entries (classifier, parent_code, code);
