# Statistics for owners: stock, flows and top GTINs (R14).
statistics-participant-invalid = The parameter «participant» is «{ $value }», which is not a BIN or IIN. Give the participant's 12-digit BIN or IIN, or leave it out to see your own statistics.
statistics-group-invalid = The parameter «group» is «{ $value }», which is not a product group id. Give an id such as «tobacco» (small Latin letters, digits and «-»), or leave it out for every group.
statistics-gtin-invalid = The parameter «gtin» is «{ $value }», which is not a GTIN. Give the 14 digits of the GTIN with a correct check digit, or leave it out for every GTIN.
statistics-date-invalid = The parameter «{ $name }» is «{ $value }», which is not a day. Write the day as YYYY-MM-DD, for example 2026-11-25.
statistics-number-invalid = The parameter «{ $name }» is «{ $value }»; it must be a whole number from { $min } to { $max }. Give such a number or leave it out.
statistics-period-invalid = The parameter «period» is «{ $value }». Give «day», «week» (ISO weeks, from Monday) or «month».
statistics-flow-invalid = The parameter «flow» is «{ $value }». Give one of: emitted, applied, introduced, shipped, received, sold, written_off, withdrawn, returned.
statistics-range-reversed = The parameter «from» is later than «to». Give a first day that is not after the last day.
statistics-range-too-long = The range from «from» to «to» is longer than { $max } days. Ask for a shorter range, or for longer periods (weeks or months).
statistics-not-yours = Statistics show only your own goods; only the operator may name another participant. Leave out «participant», or give your own BIN or IIN.
statistics-participant-unknown = No participant { $id } is registered. Check the BIN or IIN in «participant».
cli-statistics-rebuilt = Statistics rebuilt from the registry: { $stock } stock rows, { $flows } flow rows, { $groups } product-group flow rows.
