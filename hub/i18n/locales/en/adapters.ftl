# Adapters to external systems (issue 7): loading, steps, delivery.
adapter-config = Adapter { $adapter } cannot be loaded: { $reason }. Correct its [adapters.installed.{ $adapter }] settings.
adapter-endpoint = Adapter { $adapter } asked to send to endpoint { $endpoint }, which it did not declare as outbound or which has no URL in the settings. Configure the endpoint, or ask the adapter's publisher.
adapter-bad-step = Adapter { $adapter } asked for a step the hub does not perform: { $reason }. Nothing of the step was applied.
adapter-unsupported = Adapter { $adapter } asked to { $command }, which this hub does not do yet. Nothing of the step was applied.
adapter-participant-invalid = Adapter { $adapter } reported a participant the registry refuses ({ $code }). Nothing of the step was applied.
adapter-failed = Adapter { $adapter } ended the exchange with { $code }: { $reason }
adapter-signing-unavailable = Adapter { $adapter } asked for a signed message to { $endpoint }, and that endpoint has no signing key. Set signing_key and signing_cert under [adapters.installed.{ $adapter }.endpoints.{ $endpoint }], then replay the message.
adapter-transport = Endpoint { $endpoint } did not answer: { $reason }. The hub will try again.
adapter-http-status = Endpoint { $endpoint } answered with HTTP status { $status }.
adapter-unknown-job = There is no job { $job } of adapter { $adapter }. Check the adapter's id and the job's name.
adapter-not-loaded = Adapter { $adapter } is not loaded on this hub node. Another node that has it will take the work; otherwise install it under [adapters].
adapter-document-refused = Adapter { $adapter } submitted a document the hub refused ({ $code } at "{ $pointer }"). Nothing of that step was applied; check the adapter's mapping of the external message.
adapter-inbound-not-found = There is no inbound endpoint { $endpoint } of adapter { $adapter } on this hub. Check the address the hub's operator gave you.
adapter-inbound-unsafe = The message was refused before it was read ({ $why }): send UTF-8 XML without a DOCTYPE or entity declarations, within 4 MiB.
adapter-wsdl-not-found = There is no WSDL for adapter { $adapter } on this hub: the adapter is not installed here, or its package carries none.
adapter-declaration-refused = Adapter { $adapter } delivered customs declaration { $number }, which the hub refuses: { $reason }. Nothing of that message was applied; correct the declaration and send it again.
adapter-declaration-conflict = Adapter { $adapter } delivered customs declaration { $number }, but a different declaration with that number is already stored. A stored declaration is not changed: send the same content again, or ask the hub's operator if the declaration was amended.

adapter-outbox-status = The status must be pending, delivered or dead.
adapter-outbox-limit = The limit must be from 1 to 1000.
adapter-outbox-not-dead = There is no undeliverable message { $id }. Only a message whose delivery was given up can be replayed.
adapter-not-configured = Adapter { $adapter } has no settings on this hub node. Add [adapters.installed.{ $adapter }] with its endpoints to the configuration, restart the node, then activate a version.
adapter-nothing-to-roll-back = Adapter { $adapter } has no earlier version to return to. Activate a specific version instead (GET /api/v1/adapters/packages lists them).
