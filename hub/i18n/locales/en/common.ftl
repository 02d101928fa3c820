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
