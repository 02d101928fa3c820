-- The units of the shipment bench (benches/shipment.rs): :n packed codes in :n/1000 SSCCs, :n flat codes.
insert into participants (id, kind, names, roles, product_groups, status)
values ('200540000009', 'bin', '{"kk":"a","ru":"b"}', array['manufacturer'], '{}', 'active'),
       ('040740000001', 'bin', '{"kk":"a","ru":"b"}', array['retailer'], '{}', 'active');
insert into units (key, status, owner)
select '00' || lpad(n::text, 18, '0'), 'INTRODUCED', '200540000009' from generate_series(0, :n / 1000 - 1) n;
insert into units (key, status, owner, parent)
select '0104870000000012211' || lpad(n::text, 7, '0'), 'INTRODUCED', '200540000009', '00' || lpad((n / 1000)::text, 18, '0')
from generate_series(0, :n - 1) n;
insert into units (key, status, owner)
select '0104870000000012212' || lpad(n::text, 7, '0'), 'INTRODUCED', '200540000009' from generate_series(0, :n - 1) n;
vacuum analyze units;
