-- Customs declarations for checking imports (R5; issue 7). The customs authority's data comes
-- in through an adapter (the Ministry of Finance's, command `record-customs-declaration` of
-- tanba:adapter@1.1.0) and is stored in the transaction of the step that carries it. The
-- number is the key: a declaration sent again must be the same (ignored) or it is refused.
create table customs_declarations (
    number text primary key check (length(number) between 1 and 64),
    declared_on date not null,
    -- BIN or IIN of the declarant; not a reference: a declaration may come before the importer
    -- is registered here.
    declarant text not null,
    -- [{number, tnved, gtin, quantity, country_of_origin}] in the declaration's item order.
    items jsonb not null check (jsonb_typeof(items) = 'array' and jsonb_array_length(items) > 0),
    -- The adapter that delivered it.
    adapter text not null,
    received_at timestamptz not null default now()
);

create index customs_declarations_by_declarant on customs_declarations (declarant);

-- What applied introductions from import used of a declaration (R5): the codes per GTIN each
-- introduced under it, written in that document's transaction. The check of the next
-- introduction locks the declaration's row, so the sums per GTIN never pass the declared
-- quantities.
create table customs_declaration_uses (
    declaration text not null references customs_declarations (number),
    document uuid not null references documents (id),
    gtin text not null check (gtin ~ '^[0-9]{14}$'),
    codes bigint not null check (codes > 0),
    primary key (declaration, document, gtin)
);
