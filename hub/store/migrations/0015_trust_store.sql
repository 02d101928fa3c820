-- Trust items cached in the database (issue 6; R16): CA certificates and CRLs (complete and
-- delta) fetched on a schedule or delivered by an adapter, stored only after the hub verified
-- them against the operator's trust folder (a CA certificate chains to a configured root; a
-- CRL is signed by a trusted CA and newer than the one held). Every node builds its PKI from
-- the folders plus these rows, at start without network, and again when a row is added
-- (NOTIFY tanba_pki), so a CRL stored by one node revokes on all of them.

create table pki_trust_items (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('ca-certificate', 'crl', 'delta-crl')),
    -- Where it came from: a URL, "adapter:<id>", "api".
    source text not null check (length(source) between 1 and 2000),
    issuer text not null,
    subject text,
    this_update timestamptz not null,
    next_update timestamptz,
    -- cRLNumber in decimal (up to 20 octets, RFC 5280).
    crl_number text check (crl_number ~ '^[0-9]{1,49}$'),
    sha256 bytea not null unique check (length(sha256) = 32),
    der bytea not null,
    stored_at timestamptz not null default now()
);

create index pki_trust_items_by_issuer on pki_trust_items (issuer, kind, this_update desc);

create function notify_pki_trust_item() returns trigger language plpgsql as $$
begin
    perform pg_notify('tanba_pki', new.kind);
    return new;
end $$;

create trigger pki_trust_items_notify after insert on pki_trust_items
    for each row execute function notify_pki_trust_item();
