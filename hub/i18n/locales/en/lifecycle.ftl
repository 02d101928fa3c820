# Code lifecycle and aggregation (R3, R4): statuses and the events that move them, custody
# between shipment and acceptance, packing into aggregates. Each message says what is wrong,
# which code or participant, and what to do.
lifecycle-illegal-transition = The code is in status { $status ->
        [EMITTED] "Emitted"
        [APPLIED] "Applied"
        [INTRODUCED] "In circulation"
        [RETIRED] "Sold at retail"
        [WRITTEN_OFF] "Written off"
       *[WITHDRAWN] "Withdrawn from circulation"
    }, and { $event ->
        [APPLY] an application report is accepted only for a code in status "Emitted"
        [INTRODUCE] only a code in status "Applied" can be introduced into circulation
        [RETAIL_SALE] goods can be sold at retail only with a code in status "In circulation"
        [CUSTOMER_RETURN] a customer return is accepted only for a code in status "Sold at retail"
        [WRITE_OFF] only a code in status "Emitted", "Applied" or "In circulation" can be written off
        [WITHDRAW] only a code in status "In circulation" can be withdrawn from circulation
        [REMARK_OLD] a remarking replaces only a code in status "In circulation"
       *[REMARK_NEW] the new code of a remarking must be in status "Emitted" or "Applied"
    }. { $status ->
        [RETIRED] The goods with this code have been sold: nothing can be done with the code until a customer returns them.
        [WRITTEN_OFF] The code has left circulation for good: goods with it may be neither sold nor moved. Remove the code from the document.
        [WITHDRAWN] The code has left circulation for good: goods with it may be neither sold nor moved. Remove the code from the document.
       *[other] Check the code's history: file the missing document first, or choose the document that fits the code's current status.
    }
lifecycle-unknown-value = "{ $value }" is not a known { $kind ->
        [status] code status
        [introduction-route] way of introduction into circulation
        [write-off-reason] write-off reason
       *[withdrawal-reason] reason for withdrawal from circulation
    }. Use one of: { $allowed }.
custody-not-owner = Participant { $participant } cannot ship these goods: they belong to { $owner }. Only the owner ships goods; if you bought them, ask the seller to ship them to you.
custody-ship-to-self = Participant { $owner } is shipping goods to itself: the sender and the receiver are the same. Name another participant as the receiver.
custody-in-transit = The goods are already in transit from { $from } to { $to } under shipment document { $document }. Wait until the receiver accepts or refuses them before shipping them again.
custody-not-in-transit = These goods are not in transit, so there is nothing to accept or refuse: they belong to { $owner }. Check that the shipment was sent and that the document names the right goods.
custody-not-receiver = Participant { $participant } is not the receiver of shipment { $document }; { $receiver } is. Only the receiver may accept or refuse a shipment.
custody-wrong-document = The goods were shipped under document { $shipment }, not { $document }. Accept or refuse them under the document they were shipped with.
aggregation-empty = No units are listed for package { $parent }. List at least one unit to pack, take out or move.
aggregation-duplicate-child = Unit { $unit } is listed twice. List each unit once.
aggregation-already-in-parent = Unit { $unit } is already packed in { $parent }. Take it out of { $parent } first, or move it with a re-aggregation document.
aggregation-not-in-parent = Unit { $unit } is not packed directly in { $parent }, so it cannot be taken out of it. Check the unit and the package in the document: a unit is taken out of the package it sits in directly.
aggregation-not-aggregated = Unit { $unit } is not packed in anything, so there is nothing to move it from. Pack it with an aggregation document instead.
aggregation-same-parent = Unit { $unit } is already in { $parent }, the package it is to be moved into. Remove it from the document or name another package.
aggregation-cycle = Unit { $unit } cannot go into { $parent }: { $parent } is { $unit } itself or is packed inside it. Pack the smaller unit into the larger one, not the other way round.
aggregation-sscc-in-code = Transport unit { $unit } (SSCC) cannot go into { $parent }, a marked item or group pack: goods cannot hold a transport unit. Pack it into another transport unit, or pack { $parent } into { $unit }.
aggregation-owner-mismatch = Unit { $unit } belongs to { $owner }, but package { $parent } belongs to { $parent_owner }; a package and its contents must have one owner. Pack only your own goods, or accept the shipment containing { $unit } first.
aggregation-status-mismatch = Unit { $unit } is in status { $status ->
        [EMITTED] "Emitted"
        [APPLIED] "Applied"
        [INTRODUCED] "In circulation"
        [RETIRED] "Sold at retail"
        [WRITTEN_OFF] "Written off"
       *[WITHDRAWN] "Withdrawn from circulation"
    }, but package { $parent } is in status { $parent_status ->
        [EMITTED] "Emitted"
        [APPLIED] "Applied"
        [INTRODUCED] "In circulation"
        [RETIRED] "Sold at retail"
        [WRITTEN_OFF] "Written off"
       *[WITHDRAWN] "Withdrawn from circulation"
    }; a package and its contents must share one status. Bring them to the same status first (for example, introduce both into circulation), then pack.
aggregation-status-not-packable = Package { $unit } is in status { $status ->
        [EMITTED] "Emitted"
        [APPLIED] "Applied"
        [INTRODUCED] "In circulation"
        [RETIRED] "Sold at retail"
        [WRITTEN_OFF] "Written off"
       *[WITHDRAWN] "Withdrawn from circulation"
    }, so nothing can be packed into it: packing is possible only for codes in status "Applied" or "In circulation". If the code is only emitted, report its application first; goods that have left circulation cannot be repacked.
aggregation-inside-parent = Unit { $unit } is packed in { $parent }, and this operation would separate it from its package. Take it out of { $parent } first (disaggregation), or apply the operation to the outermost package.
aggregation-event-not-for-aggregate = { $event ->
        [APPLY] An application report
       *[other] A remarking
    } concerns the printed code { $unit } alone, but { $unit } contains other units. Take the contents out of { $unit } first (disaggregation), then repeat the operation.
aggregation-unknown-unit = Unit { $unit } is not registered. Check the code in the document: a code must be registered before it is packed or moved.
aggregation-unit-exists = Unit { $unit } is already registered. Use the registered unit instead of registering it again.
unit-key-format = "{ $value }" is not a unit key. Write a marked unit as 01, its 14-digit GTIN, 21 and its serial (for example 010460000000001521ABC), and a transport unit as 00 followed by its 18-digit SSCC.
