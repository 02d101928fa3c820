-- An audit row may carry a detail its object does not say (issue 6, R23): for `trust.admit`,
-- where the CA certificate or CRL came from (the CRL URL fetched, `adapter:<id>`). The row's
-- hash covers it. A row without one hashes exactly as before (concat_ws skips a NULL), so the
-- chain written so far still verifies.

alter table audit_log add column detail text;

create function audit_canonical(
    at timestamptz, iin text, bin text, role text, client_ip text, action text, object text,
    outcome text, detail text
) returns bytea language sql immutable as $$
    select convert_to(concat_ws(E'\x1f',
        to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        coalesce(iin, ''), coalesce(bin, ''), coalesce(role, ''), coalesce(client_ip, ''),
        action, coalesce(object, ''), outcome, detail), 'UTF8')
$$;

create function audit_append(
    p_iin text, p_bin text, p_role text, p_ip text, p_action text, p_object text,
    p_outcome text, p_detail text
) returns void language plpgsql as $$
declare
    prev bytea;
    ts timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
    perform pg_advisory_xact_lock(7352616001);
    select hash into prev from audit_log order by id desc limit 1;
    prev := coalesce(prev, '\x'::bytea);
    insert into audit_log (at, iin, bin, role, client_ip, action, object, outcome, detail,
        prev_hash, hash)
    values (ts, p_iin, p_bin, p_role, p_ip, p_action, p_object, p_outcome, p_detail, prev,
        sha256(prev || audit_canonical(ts, p_iin, p_bin, p_role, p_ip, p_action, p_object,
            p_outcome, p_detail)));
end
$$;

-- The seven-field append every writer used so far: the same row, without a detail.
create or replace function audit_append(
    p_iin text, p_bin text, p_role text, p_ip text, p_action text, p_object text,
    p_outcome text
) returns void language plpgsql as $$
begin
    perform audit_append(p_iin, p_bin, p_role, p_ip, p_action, p_object, p_outcome, null::text);
end
$$;
