# Documents: submission, processing, findings (issue 5).
document-sender-invalid = The document's sender is not a valid BIN or IIN. This is a fault of the hub: tell the operator, with the document id.
document-receiver-invalid = The receiver is not a valid BIN or IIN. Give the receiver's 12-digit BIN or IIN.
unit-not-in-circulation = Unit { $unit } is { $status }, not in circulation, so it cannot be shipped. Introduce it into circulation first.
document-malformed = The document is not valid JSON ({ $reason }). Send one JSON object with a "kind" field.
document-id-invalid = The document's "id" must be a string of 1 to 128 characters. Use your own unique id for the document, or leave it out.
document-invalid = The document does not have the form its kind requires ({ $reason }). Check the field names and values against the API description.
document-not-found = There is no document { $id } that you may see. Check the id; a document is visible to its sender and its receiver.
document-receiver-unknown = There is no active participant { $id } to receive the goods. Check the receiver's BIN or IIN.
document-sender-unknown = There is no active participant { $id } to send this document. Check the sender's BIN or IIN in the external system's message.
document-unreadable = The stored document can no longer be read. This is a fault of the hub: tell the operator, with the document id.
document-unit-not-shipped = Unit { $unit } is not in this shipment, so it cannot be accepted. List only units the shipment contains.
document-accepted-empty = A partial acceptance must list what is accepted. List the accepted units in "accepted", or send a full acceptance or a refusal.
document-shipment-not-found = There is no applied shipment { $id } addressed to you. Check the shipment's document id.
document-shipment-answered = Shipment { $id } has already been answered; nothing of it is in transit to you any more.
document-receiver-not-in-group = Participant { $id } does not work in product group { $group }, so it cannot receive these goods. Ship them to a participant of that group, or ask the operator to add the group to the receiver.
document-rule-set-failed = The rule set of product group { $group } could not check the document ({ $reason }). Submit the document again later; if this persists, tell the operator.
document-signature-encoding = The Tanba-Signature header is not base64. Send the CMS detached signature encoded in base64.
document-remark-unit-busy = Code { $unit } is packed in an aggregate or in transit, so it cannot take part in remarking. Take it out of the aggregate, or wait for the shipment to be answered.
document-return-not-former-owner = Participant { $id } never owned unit { $unit }, so the unit cannot be returned to it. Return goods only to the participant you received them from.
document-signer-not-sender = The document is signed by { $subject }, whose certificate does not name the sender { $id }. Sign with a key issued to the sender (its BIN, or the entrepreneur's IIN).
document-signer-may-not-sign = The document is signed by { $subject }, whose certificate gives no right to sign for { $id } (an employee's, HR or financial certificate). Have it signed by the head or by an employee with the right to sign.
document-signature-missing = The document is not signed, and this hub accepts only signed documents. Sign the exact bytes you send with your EDS (CMS detached) and send the signature in the Tanba-Signature header.
document-prices-count = prices_tiyn lists { $prices } prices for { $units } units. Give one price per unit, in the order of units, or leave prices_tiyn out.
document-sold-at-invalid = sold_at { $value } is not a UTC time of the form YYYY-MM-DDThh:mm:ssZ. Send the time printed on the receipt, in UTC.
document-field-invalid = { $field } is empty, longer than { $max } characters or has control characters. Send it as printed on the receipt.
sale-suspected-clone = Code { $unit } was not sold: its status is { $status } ({ $reason }). A code sold twice or sold while not in circulation is a suspected clone (R2): a signal was raised for the regulator. Set the goods aside and check the code on the package against the hub.
sale-not-allowed = Code { $unit } was not sold: the product group's rules ({ $rules }) do not allow its sale. The other codes of the receipt are sold.

# Introductions from import against their customs declarations (R5).
document-import-declaration-missing = An introduction from import must name its customs declaration. Give the declaration's number in "customs_declaration" and its date in "declaration_date".
document-import-declaration-date-missing = An introduction from import must give the date of customs declaration { $number }. Give it in "declaration_date" as YYYY-MM-DD.
document-customs-declaration-unknown = The hub has no customs declaration { $number }. Check the number; if the goods were released only now, submit the document again once the customs data has reached the hub.
document-customs-declarant-mismatch = Customs declaration { $number } was not filed by { $sender }, so { $sender } cannot introduce goods under it. Give the number of your own declaration.
document-customs-declaration-date-mismatch = Customs declaration { $number } is dated { $declared }, not { $given }. Give the declaration's date in "declaration_date".
document-customs-gtin-not-declared = GTIN { $gtin } is not declared in customs declaration { $number }. Introduce under a declaration only the goods it declares.
document-customs-quantity-exceeded = Customs declaration { $number } declares { $declared } units of GTIN { $gtin }; earlier introductions used { $earlier } and this one has { $count }. Introduce no more codes than were declared.
document-customs-origin-mismatch = Customs declaration { $number } gives { $declared } as the country of origin of GTIN { $gtin }, not { $country }. Give the declared country in "country_of_origin", or leave it out.
