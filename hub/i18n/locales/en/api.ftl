# The REST API's own problems.
problem-bad-request-title = The request cannot be read
problem-bad-json = The request body is not the JSON this endpoint expects ({ $reason }). Send a JSON object with the fields the API description names, and Content-Type: application/json.
problem-invalid-code-title = The marking code is not valid
problem-code-too-long = The code is longer than { $max } characters; no marking code is. Send the code alone, as scanned.
