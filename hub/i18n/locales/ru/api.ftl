# Проблемы самого REST API.
problem-bad-request-title = Запрос не удаётся прочитать
problem-bad-json = Тело запроса не является JSON, который ожидает этот метод ({ $reason }). Отправьте JSON-объект с полями из описания API и заголовок Content-Type: application/json.
problem-body-too-large = Тело запроса больше, чем принимает этот метод. Отправьте меньше за один запрос (пределы указаны в описании API) или разделите его.
problem-invalid-code-title = Код маркировки недействителен
problem-code-too-long = Код длиннее { $max } символов, а кодов маркировки такой длины не бывает. Отправьте только код, как он отсканирован.
problem-bad-body = Не удалось прочитать тело запроса ({ $reason }). Отправьте данные ещё раз целиком.
problem-bad-query = Строка запроса не соответствует ожиданиям этого метода ({ $reason }). Сверьте имена и значения параметров с описанием API.
problem-unauthenticated-title = Вход не выполнен
auth-missing = В запросе нет учётных данных. Передайте заголовок «Authorization: Bearer» с вашим API-токеном (его выдаёт команда «tanba participant token»).
auth-scheme = Заголовок Authorization должен иметь вид «Bearer» и токен. Передайте «Authorization: Bearer tanba_...».
auth-invalid = Токен неизвестен или отозван. Запросите у оператора новый токен.
auth-session-invalid = Ваш сеанс завершён или истёк. Войдите снова с помощью ЭЦП.
auth-csrf-missing = В запросе нет CSRF-токена. Отправьте форму заново со страницы самого хаба (формы несут его, скрипты передают его в заголовке X-CSRF-Token).
auth-csrf-invalid = CSRF-токен не принадлежит вашему сеансу. Обновите страницу и отправьте форму снова.
problem-invalid-title = Запрос нарушает правило
problem-forbidden-title = Действие запрещено
problem-conflict-title = Конфликт с текущим состоянием
