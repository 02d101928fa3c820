# Адаптеры к внешним системам (issue 7): загрузка, шаги, доставка.
adapter-config = Адаптер { $adapter } не загружен: { $reason }. Исправьте его настройки [adapters.installed.{ $adapter }].
adapter-endpoint = Адаптер { $adapter } запросил отправку в точку { $endpoint }, которую он не объявил исходящей или для которой в настройках нет адреса. Настройте точку или обратитесь к издателю адаптера.
adapter-bad-step = Адаптер { $adapter } запросил шаг, который хаб не выполняет: { $reason }. Ничего из шага не применено.
adapter-unsupported = Адаптер { $adapter } запросил действие «{ $command }», которое хаб пока не выполняет. Ничего из шага не применено.
adapter-participant-invalid = Адаптер { $adapter } сообщил участника, которого реестр не принимает ({ $code }). Ничего из шага не применено.
adapter-failed = Адаптер { $adapter } завершил обмен с ошибкой { $code }: { $reason }
adapter-signing-unavailable = Адаптер { $adapter } запросил подписанное сообщение в точку { $endpoint }, а хаб пока не умеет подписывать сообщения. Сообщение оставлено недоставленным.
adapter-transport = Точка { $endpoint } не ответила: { $reason }. Хаб повторит попытку.
adapter-http-status = Точка { $endpoint } ответила HTTP-статусом { $status }.
adapter-unknown-job = У адаптера { $adapter } нет задания { $job }. Проверьте идентификатор адаптера и имя задания.

adapter-outbox-status = Статус должен быть pending, delivered или dead.
adapter-outbox-limit = Лимит должен быть от 1 до 1000.
adapter-outbox-not-dead = Недоставленного сообщения { $id } нет. Повторить можно только сообщение, доставка которого прекращена.
