-- The references of units and their history checked once per statement, not once per row
-- (issue 5, throughput of large documents). A declarative foreign key runs one look-up per
-- row: a million-code shipment paid a million `participants` look-ups for the receiver, its
-- acceptance a million for the new owner, and each a million `units` look-ups for its history
-- rows (together ~40% of those statements' time, docs/BENCHMARKS.md). The same rules are now
-- statement-level triggers over the statement's rows (transition tables): one set-based
-- look-up of the distinct participants named, and one index probe per history row without a
-- row lock.
--
-- What the foreign keys also did is kept by row triggers on the rarely written side: a
-- participant still named by a unit, or a unit with history, cannot be deleted (the hub never
-- deletes either; the foreign keys' row locks guarded against a concurrent delete, which these
-- checks do not, so "never deleted" is now what keeps them true). `units.parent` and
-- `units.order_id` keep their foreign keys: a document does not change them for most rows, and
-- a key that does not change is not checked.

alter table units drop constraint units_owner_fkey;
alter table units drop constraint units_receiver_fkey;
alter table unit_history drop constraint unit_history_unit_fkey;

-- Owners and receivers named by the statement's rows exist.
create function units_check_participants() returns trigger language plpgsql as $$
declare
    missing text;
begin
    select n.id into missing
    from (select owner as id from changed union select receiver from changed
              where receiver is not null) n
    where not exists (select 1 from participants p where p.id = n.id)
    limit 1;
    if missing is not null then
        raise foreign_key_violation using
            message = format('units names participant %s, which does not exist', missing),
            table = 'units';
    end if;
    return null;
end
$$;

create trigger units_participants_on_insert after insert on units
    referencing new table as changed
    for each statement execute function units_check_participants();
create trigger units_participants_on_update after update on units
    referencing new table as changed
    for each statement execute function units_check_participants();

-- Every history row's unit exists: one primary-key probe per row (hash and merge joins off,
-- so a few rows never make the planner scan the whole of `units`).
create function unit_history_check_units() returns trigger language plpgsql
    set enable_hashjoin = off set enable_mergejoin = off as $$
declare
    missing text;
begin
    select a.unit into missing from added a
    where not exists (select 1 from units u where u.key = a.unit)
    limit 1;
    if missing is not null then
        raise foreign_key_violation using
            message = format('unit_history names unit %s, which does not exist', missing),
            table = 'unit_history';
    end if;
    return null;
end
$$;

create trigger unit_history_units_on_insert after insert on unit_history
    referencing new table as added
    for each statement execute function unit_history_check_units();

-- What the foreign keys refused on the other side: deleting, or changing the key of, a
-- participant units name or a unit with history (rows the hub never deletes nor re-keys).
create function participants_keep_units() returns trigger language plpgsql as $$
begin
    if (tg_op = 'DELETE' or new.id is distinct from old.id)
        and exists (select 1 from units where owner = old.id or receiver = old.id) then
        raise foreign_key_violation using
            message = format('participant %s is still named by units', old.id),
            table = 'participants';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger participants_keep_units before delete or update of id on participants
    for each row execute function participants_keep_units();

create function units_keep_history() returns trigger language plpgsql as $$
begin
    if (tg_op = 'DELETE' or new.key is distinct from old.key)
        and exists (select 1 from unit_history where unit = old.key) then
        raise foreign_key_violation using
            message = format('unit %s still has history', old.key), table = 'units';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger units_keep_history before delete or update of key on units
    for each row execute function units_keep_history();
