-- The audit log (issue 6; R23): every action of a user or system, append-only, each row
-- carrying the SHA-256 of the previous row's hash and its own canonical text, so an edited or
-- deleted row breaks the chain at that point (`tanba audit verify`). Rows are appended by
-- audit_append() inside the transaction of the action they record.

create table audit_log (
    id bigint generated always as identity primary key,
    at timestamptz not null,
    iin text,
    bin text,
    role text,
    client_ip text,
    action text not null,
    object text,
    outcome text not null,
    prev_hash bytea not null,
    hash bytea not null
);

create index audit_log_by_bin on audit_log (bin, id);
create index audit_log_by_object on audit_log (object, id);
create index audit_log_by_time on audit_log (at);

-- The text a row's hash covers: its fields in order, unit-separated, time to the millisecond.
create function audit_canonical(
    at timestamptz, iin text, bin text, role text, client_ip text, action text, object text,
    outcome text
) returns bytea language sql immutable as $$
    select convert_to(concat_ws(E'\x1f',
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        coalesce(iin, ''), coalesce(bin, ''), coalesce(role, ''), coalesce(client_ip, ''),
        action, coalesce(object, ''), outcome), 'UTF8')
$$;

-- Appends a row; writers queue on an advisory lock held to the end of their transaction, so
-- the chain follows commit order.
create function audit_append(
    p_iin text, p_bin text, p_role text, p_ip text, p_action text, p_object text,
    p_outcome text
) returns void language plpgsql as $$
declare
    prev bytea;
    ts timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
    perform pg_advisory_xact_lock(7352616001);
    select hash into prev from audit_log order by id desc limit 1;
    prev := coalesce(prev, '\x'::bytea);
    insert into audit_log (at, iin, bin, role, client_ip, action, object, outcome, prev_hash,
        hash)
    values (ts, p_iin, p_bin, p_role, p_ip, p_action, p_object, p_outcome, prev,
        sha256(prev || audit_canonical(ts, p_iin, p_bin, p_role, p_ip, p_action, p_object,
            p_outcome)));
end
$$;

create function audit_refuse() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only';
end
$$;

create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_refuse();
