-- Login with an EDS (issue 6; R16, R23): one-time challenges the client signs, and the
-- sessions a verified signature opens, bound to the participant and the person who signed.

create table login_challenges (
    id uuid primary key,
    nonce bytea not null check (length(nonce) = 32),
    expires_at timestamptz not null,
    used_at timestamptz
);

create table sessions (
    id uuid primary key,
    -- SHA-256 of the session token; the token itself is returned once.
    token_sha256 bytea not null unique check (length(token_sha256) = 32),
    participant text not null references participants (id),
    -- The person who signed (from SERIALNUMBER=IIN...), and the certificate used.
    iin text,
    certificate_sha256 bytea not null,
    -- The certificate's roles (organisation, head, may-sign, employee, ...).
    roles text[] not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);

create index sessions_expiry on sessions (expires_at);
