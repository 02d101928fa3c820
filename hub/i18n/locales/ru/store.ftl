# База данных и собственный кластер PostgreSQL.
store-unavailable = База данных недоступна ({ $reason }). Повторите через несколько секунд; если это продолжается, проверьте, что PostgreSQL запущен и database.url указывает на него.
store-query-failed = Запрос к базе данных не выполнен ({ $context }): { $reason }. Повторите позже; если ошибка повторяется, сообщите оператору.
store-tls = Настройки TLS для базы данных нельзя использовать: { $reason }. Проверьте database.tls и database.ca_file.
store-migration-failed = Миграция { $version } ({ $name }) не выполнена и отменена: { $reason }. База данных не изменилась; устраните причину и снова запустите tanba migrate.
store-migration-changed = Миграция { $version } ({ $name }) в базе данных отличается от миграции в этой программе. Выпущенные миграции менять нельзя: верните исходный файл или используйте версию хаба, которая её применила.
store-database-newer = В базе данных есть миграция { $version }, неизвестная этому хабу: хаб старше своей базы данных. Запустите более новую версию хаба.
store-migration-pending = Схема базы данных отстаёт от хаба на { $count ->
        [one] { $count } миграцию
        [few] { $count } миграции
       *[other] { $count } миграций
    }. Запустите tanba migrate (tanba serve делает это при старте).
localpg-binaries-not-found = Серверные программы PostgreSQL (initdb, postgres) не найдены в: { $searched }. Установите их (Debian: apt-get install postgresql), укажите их каталог в database.pg_bin_dir или задайте database.url (TANBA_DATABASE__URL) существующей базы данных.
localpg-no-unprivileged-user = PostgreSQL не запускается от имени root, а пользователя { $user } не существует. Создайте этого пользователя, укажите в database.local_user существующего непривилегированного пользователя или запускайте tanba от обычного пользователя.
localpg-not-traversable = Пользователь { $user } не может войти в { $path }, поэтому собственная база данных не может находиться внутри. Выберите через --data-dir каталог, доступный этому пользователю (например, /var/lib/tanba), или разрешите вход (chmod o+x).
localpg-io = Не удаётся выполнить «{ $action }» для { $path }: { $reason }. Проверьте права доступа и свободное место в каталоге данных.
localpg-initdb-failed = Не удалось создать собственный кластер базы данных. Вывод initdb: { $output }
localpg-start-failed = Собственный сервер PostgreSQL не запустился: { $reason }. Его журнал — { $log }; он заканчивается так:
    { $tail }
