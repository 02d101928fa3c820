# Адаптеры к внешним системам (issue 7): загрузка, шаги, доставка.
adapter-config = Адаптер { $adapter } не загружен: { $reason }. Исправьте его настройки [adapters.installed.{ $adapter }].
adapter-endpoint = Адаптер { $adapter } запросил отправку в точку { $endpoint }, которую он не объявил исходящей или для которой в настройках нет адреса. Настройте точку или обратитесь к издателю адаптера.
adapter-bad-step = Адаптер { $adapter } запросил шаг, который хаб не выполняет: { $reason }. Ничего из шага не применено.
adapter-unsupported = Адаптер { $adapter } запросил действие «{ $command }», которое хаб пока не выполняет. Ничего из шага не применено.
adapter-participant-invalid = Адаптер { $adapter } сообщил участника, которого реестр не принимает ({ $code }). Ничего из шага не применено.
adapter-failed = Адаптер { $adapter } завершил обмен с ошибкой { $code }: { $reason }
adapter-signing-unavailable = Адаптер { $adapter } запросил подписанное сообщение в точку { $endpoint }, а для этой точки не задан ключ подписи. Укажите signing_key и signing_cert в [adapters.installed.{ $adapter }.endpoints.{ $endpoint }] и повторите отправку сообщения.
adapter-transport = Точка { $endpoint } не ответила: { $reason }. Хаб повторит попытку.
adapter-http-status = Точка { $endpoint } ответила HTTP-статусом { $status }.
adapter-unknown-job = У адаптера { $adapter } нет задания { $job }. Проверьте идентификатор адаптера и имя задания.
adapter-not-loaded = Адаптер { $adapter } не загружен на этом узле хаба. Работу возьмёт узел, где он есть; иначе установите его в разделе [adapters].
adapter-document-refused = Адаптер { $adapter } передал документ, который хаб отклонил ({ $code } в «{ $pointer }»). Ничего из этого шага не применено; проверьте, как адаптер переводит внешнее сообщение.
adapter-inbound-not-found = На этом хабе нет входящей точки { $endpoint } адаптера { $adapter }. Проверьте адрес, который дал оператор хаба.
adapter-inbound-unsafe = Сообщение отклонено до чтения ({ $why }): отправляйте XML в UTF-8 без DOCTYPE и объявлений сущностей, не больше 4 МиБ.
adapter-wsdl-not-found = На этом хабе нет WSDL адаптера { $adapter }: адаптер здесь не установлен или его пакет не содержит WSDL.

adapter-outbox-status = Статус должен быть pending, delivered или dead.
adapter-outbox-limit = Лимит должен быть от 1 до 1000.
adapter-outbox-not-dead = Недоставленного сообщения { $id } нет. Повторить можно только сообщение, доставка которого прекращена.
adapter-not-configured = Для адаптера { $adapter } на этом узле хаба нет настроек. Добавьте в конфигурацию раздел [adapters.installed.{ $adapter }] с его конечными точками, перезапустите узел, затем активируйте версию.
adapter-nothing-to-roll-back = У адаптера { $adapter } нет более ранней версии для отката. Активируйте конкретную версию (их список — GET /api/v1/adapters/packages).
