# HTTP мәселелері, сервер және командалық жол.
problem-unavailable-title = Қызмет уақытша қолжетімсіз
problem-internal-title = Ішкі қате
problem-internal-detail = Хаб бұл сұранысқа жауап бере алмады. Кейінірек қайталаңыз; қате қайталанса, операторға «instance» өрісіндегі сұраныс идентификаторын хабарлаңыз.
problem-not-found-title = Табылмады
problem-not-found-detail = { $path } мекенжайында ештеңе жоқ. Мекенжайды API сипаттамасымен салыстырыңыз.
server-bind = { $addr } мекенжайын тыңдау мүмкін емес: { $reason }. Басқа мекенжайды --listen немесе TANBA_LISTEN арқылы көрсетіңіз немесе оны пайдаланып отырған бағдарламаны тоқтатыңыз.
server-tls = { $path } TLS файлын пайдалану мүмкін емес: { $reason }. tls.cert параметрінде PEM сертификаттар тізбегін, ал tls.key параметрінде оның PEM жабық кілтін көрсетіңіз.
server-failed = HTTP сервері қатемен тоқтады: { $reason }.
hub-data-dir = { $path } деректер каталогын пайдалану мүмкін емес: { $reason }. Жазуға болатын каталогты --data-dir немесе TANBA_DATA_DIR арқылы көрсетіңіз.
hub-catalogue = Бағдарламаға енгізілген хабарламалар каталогы бүлінген ({ $reason }). Бұл бағдарлама қатесі: tanba нұсқасын көрсетіп, хабарлаңыз.
cli-listening = Tanba { $url } мекенжайында сұраныстарды қабылдайды (тоқтату: Ctrl-C немесе SIGTERM).
cli-stopped = Tanba тоқтатылды.
cli-migrate-current = Дерекқор сұлбасы өзекті (нұсқа { $version }); қолданатын ештеңе жоқ.
cli-migrate-applied = { $count } миграция қолданылды: { $versions }.
cli-db-server = Дерекқор сервері: PostgreSQL { $version }
cli-db-migrations = Миграциялар: { $applied } қолданылған, { $pending } күтуде
cli-db-pending = күтуде
cli-db-url = Дерекқор: { $hosts } серверіндегі { $dbname } (database.url параметрінен)
cli-db-local = Дерекқор: { $root } ішіндегі жеке кластер ({ $owned ->
        [yes] осы команда іске қосты
       *[no] басқа tanba процесі іске қосқан
    })
hub-file = { $path } пайдалану мүмкін емес: { $reason }. Жолды және қолжетімділік құқықтарын тексеріңіз.
cli-plugin-deployed = { $label } орналастырылды: қолтаңба, манифест және компонент тексерілді, компиляцияланған код сақталды.
cli-plugin-already = { $label } дәл осы мазмұнмен бұрын орналастырылған; ештеңе өзгерген жоқ.
cli-plugin-activated = { $plugin } { $version } енді белсенді; хабтың барлық түйіндері бір секунд ішінде ауысады.
cli-plugin-rolled-back = { $group } тауар тобы { $plugin } { $version } нұсқасына қайтарылды.
cli-plugin-none = Ережелер жиынтықтары әлі орналастырылмаған. Жиынтықты tanba plugin deploy КАТАЛОГ командасымен орналастырыңыз.
cli-publisher-added = { $key } баспагер кілті енді мына топтар үшін ережелер жиынтықтарын жариялай алады: { $groups }.
cli-plugin-keygen = Жаңа қол қою кілті { $path } файлында (оны құпия сақтаңыз). Оператор тіркеуі үшін оның ашық кілті: { $public }
cli-plugin-signed = { $dir } каталогына { $key } кілтімен қол қойылды.
cli-shadow-started = { $plugin } { $version } енді барлық түйінде { $group } тобының белсенді ережелер жиынтығымен қатар жұмыс істейді; тек белсендінің жауабы есепке алынады. Айырмашылықтарды tanba plugin shadow-report { $group } көрсетеді.
cli-shadow-stopped = { $group } тобының көлеңкелі іске қосылуы тоқтатылды; жазылған айырмашылықтар сақталды.
cli-shadow-none = { $group } тобында көлеңкелі іске қосылу болған жоқ.
cli-shadow-report-empty = { $group } тобы үшін ешқандай айырмашылық жазылмаған.
