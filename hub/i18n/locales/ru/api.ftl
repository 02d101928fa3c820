# Проблемы самого REST API.
problem-bad-request-title = Запрос не удаётся прочитать
problem-bad-json = Тело запроса не является JSON, который ожидает этот метод ({ $reason }). Отправьте JSON-объект с полями из описания API и заголовок Content-Type: application/json.
problem-invalid-code-title = Код маркировки недействителен
problem-code-too-long = Код длиннее { $max } символов, а кодов маркировки такой длины не бывает. Отправьте только код, как он отсканирован.
