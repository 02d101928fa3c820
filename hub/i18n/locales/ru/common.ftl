# HTTP-проблемы, сервер и командная строка.
problem-unavailable-title = Сервис временно недоступен
problem-internal-title = Внутренняя ошибка
problem-internal-detail = Хаб не смог обработать запрос. Повторите позже; если ошибка повторяется, сообщите оператору идентификатор запроса из поля «instance».
problem-not-found-title = Не найдено
problem-not-found-detail = По адресу { $path } ничего нет. Сверьте адрес с описанием API.
server-bind = Не удаётся слушать адрес { $addr }: { $reason }. Укажите другой адрес через --listen или TANBA_LISTEN либо остановите программу, которая его занимает.
server-tls = Не удаётся использовать файл TLS { $path }: { $reason }. Укажите в tls.cert цепочку сертификатов PEM, а в tls.key — её закрытый ключ PEM.
server-failed = HTTP-сервер остановился с ошибкой: { $reason }.
hub-data-dir = Не удаётся использовать каталог данных { $path }: { $reason }. Укажите каталог, доступный для записи, через --data-dir или TANBA_DATA_DIR.
hub-catalogue = Каталог сообщений, встроенный в программу, повреждён ({ $reason }). Это ошибка программы: сообщите о ней, указав версию tanba.
cli-listening = Tanba принимает запросы на { $url } (остановка: Ctrl-C или SIGTERM).
cli-stopped = Tanba остановлен.
cli-migrate-current = Схема базы данных актуальна (версия { $version }); применять нечего.
cli-migrate-applied = Применено { $count ->
        [one] { $count } миграция
        [few] { $count } миграции
       *[other] { $count } миграций
    }: { $versions }.
cli-db-server = Сервер: PostgreSQL { $version }
cli-db-migrations = Миграции: применено { $applied }, ожидают { $pending }
cli-db-pending = ожидает
cli-db-url = База данных: { $dbname } на { $hosts } (из database.url)
cli-db-local = База данных: собственный кластер в { $root } ({ $owned ->
        [yes] запущен этой командой
       *[no] запущен другим процессом tanba
    })
hub-file = Не удаётся использовать { $path }: { $reason }. Проверьте путь и права доступа.
cli-plugin-deployed = Развёрнут { $label }: подпись, манифест и компонент проверены, скомпилированный код сохранён.
cli-plugin-already = { $label } уже развёрнут ровно с этим содержимым; ничего не изменилось.
cli-plugin-activated = { $plugin } { $version } теперь активен; все узлы хаба переключатся в течение секунды.
cli-plugin-rolled-back = Товарная группа { $group } возвращена на { $plugin } { $version }.
cli-plugin-none = Наборы правил ещё не развёрнуты. Разверните набор командой tanba plugin deploy КАТАЛОГ.
cli-publisher-added = Ключ издателя { $key } теперь может публиковать наборы правил для: { $groups }.
cli-plugin-keygen = Новый ключ подписи сохранён в { $path } (храните его в тайне). Его открытый ключ для регистрации оператором: { $public }
cli-plugin-signed = Каталог { $dir } подписан ключом { $key }.
cli-shadow-started = { $plugin } { $version } теперь работает рядом с активным набором правил группы { $group } на всех узлах; учитывается только ответ активного. Расхождения покажет tanba plugin shadow-report { $group }.
cli-shadow-stopped = Теневой прогон группы { $group } остановлен; записанные расхождения сохранены.
cli-shadow-none = У группы { $group } не было теневого прогона.
cli-shadow-report-empty = Для группы { $group } расхождений не записано.
hub-master-secret = Не удаётся использовать главный секрет эмиссии { $path }: { $reason }. Укажите в [registry] master_key_file файл не менее чем из 32 случайных байт, доступный для чтения только хабу (режим 600), или не задавайте параметр, чтобы хаб создал файл в своём каталоге данных.
cli-registry-imported = Загружено товарных групп: { $groups }, участников: { $participants }, товаров: { $products }.
cli-key-rotated = Товарная группа { $group } теперь выпускает коды с ключом проверки { $key }; прежние ключи по-прежнему проверяют свои коды.
cli-audit-verified = Журнал аудита проверен: { $rows } записей, каждый хеш связан с предыдущим.
cli-audit-broken = Цепочка журнала аудита нарушена на записи { $row }: эта или предыдущая запись была изменена или удалена после записи. Сохраните базу данных как есть и расследуйте, начиная с этой записи.
