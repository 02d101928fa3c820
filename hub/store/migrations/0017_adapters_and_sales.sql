-- Adapters deployed, versioned, activated and rolled back through the database like rule sets
-- (issue 7). An adapter package is a `plugin_packages` row of kind `adapter` (no product
-- groups), with the WSDL it serves when its manifest names one (the manifest's signed SHA-256
-- covers it). Its active version is the `plugin_activations` row keyed `@adapter/<id>`: a key
-- no product group can have (group ids have no `@`), so the same history, rollback and
-- `NOTIFY tanba_plugins` serve both kinds.

alter table plugin_packages add column wsdl bytea;

alter table plugin_packages add constraint plugin_packages_kind
    check (kind in ('rule-set', 'adapter'));

alter table plugin_packages add constraint plugin_packages_wsdl_only_for_adapters
    check (wsdl is null or kind = 'adapter');

-- A retail sale decided per code (R13, R2): a code sold twice, or sold while not in
-- circulation, is not sold again; it raises a clone signal of its own kind beside the public
-- check's (two checks far apart), naming the retail-sale document and why.
alter table clone_signals
    add column source text not null default 'public-check'
        check (source in ('public-check', 'retail-sale')),
    add column reason text,
    add column document uuid references documents (id),
    alter column distance_km drop not null,
    alter column minutes_apart drop not null,
    alter column earlier_check drop not null,
    alter column later_check drop not null;

alter table clone_signals add constraint clone_signals_shape check (
    (source = 'public-check' and distance_km is not null and minutes_apart is not null
        and earlier_check is not null and later_check is not null
        and reason is null and document is null)
    or (source = 'retail-sale' and reason in ('SOLD_TWICE', 'NOT_IN_CIRCULATION')
        and document is not null)
);
