# The REST API's own problems.
problem-bad-request-title = The request cannot be read
problem-bad-json = The request body is not the JSON this endpoint expects ({ $reason }). Send a JSON object with the fields the API description names, and Content-Type: application/json.
problem-body-too-large = The request body is larger than this endpoint accepts. Send less in one request (the API description gives the limits), or split it.
problem-invalid-code-title = The marking code is not valid
problem-code-too-long = The code is longer than { $max } characters; no marking code is. Send the code alone, as scanned.
problem-bad-body = The request body cannot be read ({ $reason }). Send the bytes again, whole.
problem-bad-query = The query string is not what this endpoint expects ({ $reason }). Check the parameter names and values against the API description.
problem-unauthenticated-title = Not signed in
auth-missing = The request carries no credentials. Send "Authorization: Bearer" with your API token (made with "tanba participant token").
auth-scheme = The Authorization header is not "Bearer" followed by a token. Send "Authorization: Bearer tanba_...".
auth-invalid = The token is unknown or revoked. Ask the operator for a new token.
auth-session-invalid = Your session has ended or expired. Sign in again with your EDS.
auth-csrf-missing = The request carries no CSRF token. Send the page's form again from the hub's own page (forms carry it; scripts send it in the X-CSRF-Token header).
auth-csrf-invalid = The CSRF token does not belong to your session. Reload the page and send the form again.
problem-invalid-title = The request breaks a rule
problem-forbidden-title = Not allowed
problem-conflict-title = Conflict with the current state
