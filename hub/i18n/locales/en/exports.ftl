# Exports of de-personalised aggregates for analytic systems (R15).
export-not-allowed = Only the operator and analytic systems read exports. Ask the operator to give your organisation the role "analytic-system".
export-not-found = There is no export "{ $id }". List the exports with GET /api/v1/exports and use an id from there.
export-day-invalid = "{ $value }" is not a day. Write days as YYYY-MM-DD (e.g. "2026-11-24"), in Kazakhstan's time (Asia/Almaty).
export-period-invalid = The period from { $from } to { $to } cannot be exported. "to" is the day after the last day, so it must be after "from"; a period is at most { $max } days and ends no later than { $last }. Correct "from" or "to".
export-write-failed = The export could not be written. Nothing was stored. Try again; if it fails again, tell the operator.
