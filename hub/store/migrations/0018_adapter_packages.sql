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
