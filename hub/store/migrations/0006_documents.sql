-- Documents (issue 5; R3, R5, R10, R17): what participants submit, kept byte for byte with
-- their signature, processed in the background, and the custody of goods in transit.

-- A shipped unit stays its sender's until the receiver accepts it (DESIGN.md, "Lifecycle").
alter table units add column receiver text references participants (id);
alter table units add column shipment uuid;
alter table units add check ((receiver is null) = (shipment is null));

create table documents (
    id uuid primary key,
    sender text not null references participants (id),
    -- The client's key for a resubmission (Idempotency-Key header or its own document id).
    idempotency_key text not null,
    kind text not null,
    status text not null default 'received'
        check (status in ('received', 'applied', 'rejected')),
    -- The exact bytes submitted, and their CMS detached signature (verified with issue 6).
    body bytea not null,
    signature bytea,
    units_total int not null check (units_total >= 0),
    -- [{code, severity, path, message: {kk, ru, en}, source}]
    findings jsonb not null default '[]',
    receiver text references participants (id),
    submitted_at timestamptz not null default now(),
    decided_at timestamptz,
    unique (sender, idempotency_key)
);

create index documents_pending on documents (submitted_at) where status = 'received';
create index documents_by_sender on documents (sender, submitted_at desc, id);
create index documents_by_receiver on documents (receiver, submitted_at desc, id)
    where receiver is not null;

-- How far the processing of a document has got, written from outside its transaction.
create table document_progress (
    document_id uuid primary key references documents (id),
    checked int not null,
    total int not null,
    started_at timestamptz not null default now()
);

-- History rows may now name a document as their cause (cause_kind 'document').

-- Remarking: a damaged code replaced by a new one, the link kept both ways.
create table remarks (
    old_unit text primary key references units (key),
    new_unit text not null unique references units (key),
    document_id uuid not null references documents (id),
    at timestamptz not null default now()
);
