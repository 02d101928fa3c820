-- Violation reports (R7): anyone who checked a code may report what is wrong with the goods,
-- without signing in. The regulator of the product group and the operator read them and move
-- them through new -> in_review -> confirmed / rejected -> closed (each change audited).
-- Nothing personal is kept beyond what the person chose to send: the address only as a keyed
-- hash (as for public checks), a place only if given.

create table violation_reports (
    id bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    code text not null check (length(code) between 1 and 512),
    product_group text references product_groups (id),
    reason text not null check (reason in ('no_code', 'code_unreadable', 'check_failed',
        'product_mismatch', 'expired', 'sold_again', 'other')),
    details text not null default '' check (length(details) <= 2000),
    latitude double precision check (latitude between -90 and 90),
    longitude double precision check (longitude between -180 and 180),
    address text check (length(address) <= 500),
    lang text not null check (lang in ('kk', 'ru', 'en')),
    photo bytea check (octet_length(photo) <= 4194304),
    photo_type text check (photo_type in ('image/jpeg', 'image/png', 'image/webp')),
    client_hash bytea,
    status text not null default 'new'
        check (status in ('new', 'in_review', 'confirmed', 'rejected', 'closed')),
    status_changed_at timestamptz,
    status_changed_by text,
    check ((latitude is null) = (longitude is null)),
    check ((photo is null) = (photo_type is null))
);

create index violation_reports_group on violation_reports (product_group, id desc);
create index violation_reports_status on violation_reports (status, id desc);
