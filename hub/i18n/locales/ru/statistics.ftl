# Статистика для владельцев товаров: остатки, движение и топ GTIN (R14).
statistics-participant-invalid = Параметр «participant» равен «{ $value }», это не БИН и не ИИН. Укажите 12-значный БИН или ИИН участника или не указывайте параметр, чтобы увидеть свою статистику.
statistics-group-invalid = Параметр «group» равен «{ $value }», это не идентификатор товарной группы. Укажите идентификатор вроде «tobacco» (строчные латинские буквы, цифры и «-») или не указывайте параметр, чтобы получить все группы.
statistics-gtin-invalid = Параметр «gtin» равен «{ $value }», это не GTIN. Укажите 14 цифр GTIN с верной контрольной цифрой или не указывайте параметр, чтобы получить все GTIN.
statistics-date-invalid = Параметр «{ $name }» равен «{ $value }», это не дата. Запишите дату как ГГГГ-ММ-ДД, например 2026-11-25.
statistics-number-invalid = Параметр «{ $name }» равен «{ $value }»; нужно целое число от { $min } до { $max }. Укажите такое число или не указывайте параметр.
statistics-period-invalid = Параметр «period» равен «{ $value }». Укажите «day», «week» (недели ISO, с понедельника) или «month».
statistics-flow-invalid = Параметр «flow» равен «{ $value }». Укажите одно из: emitted, applied, introduced, shipped, received, sold, written_off, withdrawn, returned.
statistics-range-reversed = Дата «from» позже даты «to». Укажите первый день не позже последнего.
statistics-range-too-long = Период от «from» до «to» длиннее { $max } дней. Запросите более короткий период или более крупные интервалы (недели или месяцы).
statistics-not-yours = Статистика показывает только ваши товары; другого участника может указать только оператор. Не указывайте «participant» или укажите свой БИН или ИИН.
statistics-participant-unknown = Участник { $id } не зарегистрирован. Проверьте БИН или ИИН в «participant».
cli-statistics-rebuilt = Статистика пересчитана по реестру: строк остатков { $stock }, строк потоков { $flows }, строк потоков по товарным группам { $groups }.
