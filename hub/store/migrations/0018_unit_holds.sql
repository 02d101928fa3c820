-- Whether anything was ever put inside a unit (issue 5, throughput of large documents): a
-- document that moves a unit locks everything inside it, and looking for the contents of a
-- million units that contain nothing costs a million index probes. `holds` is false only for a
-- unit nothing was ever put in, so such a unit needs no look-up; true means "look" (a unit
-- emptied by disaggregation stays true: a look-up that finds nothing is only slower).
-- Kept by triggers, so every writer of `parent` (reports, aggregations, documents, tests)
-- keeps it without knowing: a child placed in a parent marks the parent, in the same
-- transaction, under the parent's row lock (which also serialises it with a document that
-- locked that parent and read `holds` false).
alter table units add column holds boolean not null default false;

update units set holds = true where key in (select parent from units where parent is not null);

create function units_mark_parent() returns trigger language plpgsql as $$
begin
    update units set holds = true where key = new.parent and not holds;
    return null;
end
$$;

create trigger units_mark_parent_on_insert after insert on units
    for each row when (new.parent is not null) execute function units_mark_parent();

create trigger units_mark_parent_on_update after update of parent on units
    for each row when (new.parent is not null and new.parent is distinct from old.parent)
    execute function units_mark_parent();
