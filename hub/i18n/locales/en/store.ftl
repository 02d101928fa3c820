# The database and the private PostgreSQL cluster.
store-unavailable = The database is unavailable ({ $reason }). Retry in a few seconds; if it lasts, check that PostgreSQL is running and that database.url points to it.
store-query-failed = A database query failed while { $context }: { $reason }. Retry later; if it persists, tell the operator.
store-tls = The database TLS settings cannot be used: { $reason }. Check database.tls and database.ca_file.
store-migration-failed = Migration { $version } ({ $name }) failed and was rolled back: { $reason }. The database is unchanged; fix the cause and run tanba migrate again.
store-migration-changed = Migration { $version } ({ $name }) in the database differs from the one in this binary. Released migrations must never change: restore the original file, or use the hub version that applied it.
store-database-newer = The database has migration { $version }, which this hub does not know: the hub is older than its database. Run the newer hub version.
store-migration-pending = The database schema is behind this hub by { $count ->
        [one] { $count } migration
       *[other] { $count } migrations
    }. Run tanba migrate (tanba serve does so at start).
localpg-binaries-not-found = PostgreSQL server programs (initdb, postgres) were not found in: { $searched }. Install them (Debian: apt-get install postgresql), set database.pg_bin_dir to their directory, or set database.url (TANBA_DATABASE__URL) to an existing database.
localpg-no-unprivileged-user = PostgreSQL refuses to run as root and user { $user } does not exist. Create that user, set database.local_user to an existing unprivileged user, or run tanba as a normal user.
localpg-not-traversable = User { $user } cannot enter { $path }, so the private database cannot live below it. Choose a data directory that user can reach (for example /var/lib/tanba) with --data-dir, or allow entry (chmod o+x).
localpg-io = Cannot { $action } { $path }: { $reason }. Check the permissions and free space of the data directory.
localpg-initdb-failed = Creating the private database cluster failed. initdb said: { $output }
localpg-start-failed = The private PostgreSQL server did not start: { $reason }. Its log is { $log }; it ends with:
    { $tail }
