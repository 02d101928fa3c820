# Documents: submission, processing, findings (issue 5).
document-sender-invalid = The document's sender is not a valid BIN or IIN. This is a fault of the hub: tell the operator, with the document id.
document-receiver-invalid = The receiver is not a valid BIN or IIN. Give the receiver's 12-digit BIN or IIN.
unit-not-in-circulation = Unit { $unit } is { $status }, not in circulation, so it cannot be shipped. Introduce it into circulation first.
document-malformed = The document is not valid JSON ({ $reason }). Send one JSON object with a "kind" field.
document-id-invalid = The document's "id" must be a string of 1 to 128 characters. Use your own unique id for the document, or leave it out.
document-invalid = The document does not have the form its kind requires ({ $reason }). Check the field names and values against the API description.
document-not-found = There is no document { $id } that you may see. Check the id; a document is visible to its sender and its receiver.
document-receiver-unknown = There is no active participant { $id } to receive the goods. Check the receiver's BIN or IIN.
document-unreadable = The stored document can no longer be read. This is a fault of the hub: tell the operator, with the document id.
document-unit-not-shipped = Unit { $unit } is not in this shipment, so it cannot be accepted. List only units the shipment contains.
document-accepted-empty = A partial acceptance must list what is accepted. List the accepted units in "accepted", or send a full acceptance or a refusal.
document-shipment-not-found = There is no applied shipment { $id } addressed to you. Check the shipment's document id.
document-shipment-answered = Shipment { $id } has already been answered; nothing of it is in transit to you any more.
document-receiver-not-in-group = Participant { $id } does not work in product group { $group }, so it cannot receive these goods. Ship them to a participant of that group, or ask the operator to add the group to the receiver.
document-rule-set-failed = The rule set of product group { $group } could not check the document ({ $reason }). Submit the document again later; if this persists, tell the operator.
document-signature-encoding = The Tanba-Signature header is not base64. Send the CMS detached signature encoded in base64.
