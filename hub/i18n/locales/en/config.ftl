# Configuration errors: each names the key and the form it expects.
config-file-missing = The configuration file { $path } does not exist. Check --config or TANBA_CONFIG, or leave both unset to use defaults.
config-invalid-value = The setting { $key } (from { $source }) cannot be used: { $reason }. Correct it as deploy/tanba.example.toml shows, or remove it to use the default.
config-pool-size = { $key } must be a whole number from 1 to 1000 (connections in the pool).
config-timeout-zero = { $key } and database.acquire_timeout_ms must be positive numbers of milliseconds, such as 5000.
config-database-url = { $key } is not a PostgreSQL connection string. Write it as postgres://user:password@host:5432/dbname or as host=... dbname=... (the value is not shown because it may hold a password).
config-database-ca-file = { $key } must name an existing PEM file of the database's certificate authority when database.tls is "verify-full".
config-tls-file = { $key } names { $path }, which does not exist. Set tls.cert and tls.key to existing PEM files, or remove the [tls] section to serve plain HTTP.
config-checks-per-minute = { $key } must be at least 1 (public checks per client address per minute). Set it to e.g. 60.
config-reload-secs = { $key } must be at least 1 (seconds between looks at the trust and CRL folders). Set it to e.g. 30.
config-client-auth-trust = { $key } asks clients for certificates, but no certifying centres are configured to check them against. Set [pki] trust_dir, or set { $key } = false.
config-log-filter = { $key } is not a log filter. Write a level such as "info", or targets with levels such as "tanba=debug,tower_http=info".
config-exports-cron = { $key } = "{ $value }" is not a cron expression. Give five fields read in Asia/Almaty (minute hour day month weekday), e.g. "30 0 * * *" for 00:30 every day, or "" to switch scheduled exports off.
config-crl-timeout = { $key } must be at least 1 (seconds one CRL request may take). Set it to e.g. 30.
config-crl-max-bytes = { $key } must be a positive number of bytes, such as 67108864 (64 MiB).
config-crl-urls-trust = { $key } lists CRL distribution points, but no certifying centres are configured to check the CRLs against. Set [pki] trust_dir, or leave { $key } empty.
config-crl-url = { $key }: { $reason }. Give http:// or https:// URLs without a user name or password, such as "http://crl.pki.gov.kz/nca_rsa.crl".
config-crl-cron = { $key }: { $reason }. Give five fields read in Asia/Almaty (minute hour day month weekday), e.g. "0 */4 * * *" for every four hours, or "" to fetch CRLs only on demand.
config-ocsp-timeout = { $key } must be at least 1 (seconds one OCSP request may take). Set it to e.g. 10.
config-ocsp-url-trust = { $key } names an OCSP responder, but no certifying centres are configured to check its answers against. Set [pki] trust_dir, or remove { $key }.
config-ocsp-url = { $key }: { $reason }. Give an http:// or https:// URL without a user name or password, such as "http://ocsp.pki.gov.kz".
config-ncalayer-url = { $key } = "{ $value }" is not a WebSocket address. Give NCALayer's, e.g. wss://127.0.0.1:13579 (letters, digits and . : - / only).
config-required-policy = { $key }: "{ $value }" is not an object identifier. Write the policy in dotted numbers, e.g. 1.2.398.3.3.2.
