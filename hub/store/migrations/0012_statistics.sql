-- Statistics for owners (issue 9; R14): pre-aggregated counts kept current in the same
-- transaction as every change of units (tanba_store::statistics), so that a participant with
-- 100 M codes is answered from a few thousand rows, never by scanning units or their history.
-- Only goods count: codes with a GTIN; transport units (SSCC) are not goods.
-- Days are calendar days in Asia/Almaty (the country's time zone, UTC+5), taken from the
-- transaction's time, the same instant unit_history.at records.

-- Stock: how many of an owner's codes of a GTIN are in each status. Codes emitted but not yet
-- applied (no unit row yet) count as EMITTED from their order.
create table stat_stock (
    owner text not null references participants (id),
    gtin text not null references products (gtin),
    status text not null check (status in
        ('EMITTED', 'APPLIED', 'INTRODUCED', 'RETIRED', 'WRITTEN_OFF', 'WITHDRAWN')),
    product_group text not null references product_groups (id),
    units bigint not null,
    primary key (owner, gtin, status)
);

-- Flows per owner, GTIN, day and kind: what the owner's goods went through that day.
create table stat_flows (
    owner text not null references participants (id),
    gtin text not null references products (gtin),
    day date not null,
    flow text not null check (flow in ('emitted', 'applied', 'introduced', 'shipped',
        'received', 'sold', 'written_off', 'withdrawn', 'returned')),
    product_group text not null references product_groups (id),
    units bigint not null,
    primary key (owner, gtin, day, flow)
);

-- Top GTINs: one owner's flow of one kind over a range of days, summed per GTIN.
create index stat_flows_by_flow on stat_flows (owner, flow, day) include (gtin, product_group, units);

-- The same flows per product group: the charts without a GTIN filter read a few rows per day.
create table stat_flows_group (
    owner text not null references participants (id),
    product_group text not null references product_groups (id),
    day date not null,
    flow text not null,
    units bigint not null,
    primary key (owner, product_group, day, flow)
);
