# HTTP problems, the server, and the command line.
problem-unavailable-title = Service temporarily unavailable
problem-internal-title = Internal error
problem-internal-detail = The hub failed to answer this request. Retry later; if it persists, give the operator the request id shown in "instance".
problem-not-found-title = Not found
problem-not-found-detail = There is nothing at { $path }. Check the address against the API description.
server-bind = Cannot listen on { $addr }: { $reason }. Choose another address with --listen or TANBA_LISTEN, or stop the program using it.
server-tls = Cannot use the TLS file { $path }: { $reason }. Set tls.cert to a PEM certificate chain and tls.key to its PEM private key.
server-failed = The HTTP server stopped with an error: { $reason }.
hub-data-dir = Cannot use the data directory { $path }: { $reason }. Choose a writable directory with --data-dir or TANBA_DATA_DIR.
hub-catalogue = The message catalogue built into this binary is broken ({ $reason }). This is a bug: report it with the version of tanba.
cli-listening = Tanba is listening on { $url } (stop with Ctrl-C or SIGTERM).
cli-stopped = Tanba stopped.
cli-migrate-current = The database schema is current (version { $version }); nothing to apply.
cli-migrate-applied = Applied { $count ->
        [one] { $count } migration
       *[other] { $count } migrations
    }: { $versions }.
cli-db-server = Server: PostgreSQL { $version }
cli-db-migrations = Migrations: { $applied } applied, { $pending } pending
cli-db-pending = pending
cli-db-url = Database: { $dbname } on { $hosts } (from database.url)
cli-db-local = Database: private cluster in { $root } ({ $owned ->
        [yes] started by this command
       *[no] run by another tanba process
    })
hub-file = Cannot use { $path }: { $reason }. Check the path and its permissions.
cli-plugin-deployed = Deployed { $label }: signature, manifest and component checked, compiled code cached.
cli-plugin-already = { $label } was already deployed with exactly this content; nothing changed.
cli-plugin-activated = { $plugin } { $version } is now active; every hub node switches within a second.
cli-plugin-rolled-back = Product group { $group } is back on { $plugin } { $version }.
cli-plugin-none = No rule sets are deployed yet. Deploy one with tanba plugin deploy DIR.
cli-publisher-added = Publisher key { $key } may now publish rule sets for: { $groups }.
cli-plugin-keygen = A new signing key is in { $path } (keep it secret). Its public key, for the operator to register: { $public }
cli-plugin-signed = Signed { $dir } with key { $key }.
cli-shadow-started = { $plugin } { $version } now runs beside the active rule set of { $group } on every node; only the active answer counts. Read the differences with tanba plugin shadow-report { $group }.
cli-shadow-stopped = The shadow run of { $group } is stopped; its recorded disagreements are kept.
cli-shadow-none = { $group } had no shadow run.
cli-shadow-report-empty = No disagreements recorded for { $group }.
hub-master-secret = Cannot use the emission master secret { $path }: { $reason }. Point [registry] master_key_file at a file of at least 32 random bytes readable only by the hub (mode 600), or leave it unset to let the hub make one in its data directory.
cli-registry-imported = Imported { $groups } product groups, { $participants } participants and { $products } products.
cli-key-rotated = Product group { $group } now makes codes with verification key { $key }; older keys keep verifying their codes.
cli-audit-verified = The audit log verifies: { $rows } rows, every hash chained to the one before.
cli-audit-broken = The audit log's chain breaks at row { $row }: that row, or the one before it, was changed or removed after it was written. Keep the database as it is and investigate from that row.
