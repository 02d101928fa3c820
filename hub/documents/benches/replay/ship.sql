-- One flat shipment as process.rs does it: lock, update from a staging table per batch,
-- history by insert (COPY in the hub). :set is 1 (packed codes) or 2 (flat).
\timing on
begin;
create temporary table keys on commit drop as
  select '010487000000001221' || :set || lpad(n::text, 7, '0') as key from generate_series(0, :n - 1) n;
select count(*) from (select key from units where key in (select key from keys) order by key for update) l;
create temporary table unit_updates on commit drop as
  select u.key, u.status, u.owner, u.parent, '040740000001'::text as receiver,
         'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as shipment
  from units u join keys using (key);
set local enable_hashjoin = off; set local enable_mergejoin = off;
explain (analyze, buffers, costs off, timing off)
update units u set status = v.status, owner = v.owner, parent = v.parent,
    receiver = v.receiver, shipment = v.shipment, updated_at = now()
from unit_updates v where u.key = v.key;
explain (analyze, buffers, costs off, timing off)
insert into unit_history (unit, actor, event, status, owner, parent, cause_kind, cause_id)
select key, '200540000009', 'SHIP', status, owner, parent, 'document', shipment from unit_updates;
select relname, n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relname in ('units','unit_history');
commit;
