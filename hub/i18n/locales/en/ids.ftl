# Identifiers: GS1 keys and marking codes, IIN and BIN. Each message says what is wrong, where
# (characters are counted from 1), and what to do.
gs1-empty = The code is empty: nothing was scanned or typed. Scan the code again, holding the scanner still until it beeps.
gs1-key-length = A { $key } has { $lengths } digits; this one has { $len }. Check that it was copied whole, without spaces or extra characters.
gs1-key-character = The { $key } has "{ $char }" at character { $position }, where only digits are allowed. Remove spaces and letters and enter the digits only.
gs1-key-check-digit = The { $key } { $value } ends in { $found }, but its check digit should be { $expected }: a digit was mistyped or misread. Compare it digit by digit with the label or the product card.
gs1-unknown-ai = At character { $position } the code has "{ $found }", which begins no GS1 Application Identifier (AI). The code may be damaged or cut short, or a separator (GS) is missing after a variable-length value: scan it again, and if that fails too, report the code to whoever printed it.
gs1-length-fixed = The value of AI ({ $ai }) starting at character { $position } has { $len ->
        [one] { $len } character
       *[other] { $len } characters
    }; it must have exactly { $max }. Scan the code again; if that fails too, the code was printed wrongly: report it to whoever printed it.
gs1-length-range = The value of AI ({ $ai }) starting at character { $position } has { $len ->
        [one] { $len } character
       *[other] { $len } characters
    }; it must have { $min } to { $max }. Check that no separator (GS) is missing after it and scan again, or report the code to whoever printed it.
gs1-character-digit = AI ({ $ai }) allows only digits, but character { $position } is "{ $char }". Scan the code again; if that fails too, the code was printed wrongly: report it to whoever printed it.
gs1-character-cset82 = Character { $position } in AI ({ $ai }), "{ $char }", is not allowed in GS1 data: only Latin letters, digits and the signs ! " % & ' ( ) * + , - . / : ; < = > ? _ are. Check that the scanner types with a Latin keyboard layout and scan again.
gs1-character-cset39 = Character { $position } in AI ({ $ai }), "{ $char }", is not allowed there: only capital Latin letters, digits and the signs # - / are. Check that the scanner types with a Latin keyboard layout and scan again.
gs1-character-cset64 = Character { $position } in AI ({ $ai }), "{ $char }", is not allowed there: only Latin letters, digits, - and _ are (and = at the end). Check that the scanner types with a Latin keyboard layout and scan again.
gs1-check-digit = The check digit of AI ({ $ai }) (character { $position }) is { $found }, but the digits before it call for { $expected }: the code was misread or mistyped. Scan it again or compare it with the label.
gs1-date = AI ({ $ai }) starting at character { $position } holds { $value }, which is not a real date written YYMMDD (year, month 01-12, a day that month has). Check the date on the label and report the code to whoever printed it.
gs1-duplicate-ai = AI ({ $ai }) appears a second time at character { $position }, but a code carries each AI once. Two codes may have been scanned together: scan one code at a time.
gs1-dl-syntax = This is not a GS1 Digital Link address (https://host/01/GTIN/21/serial): the problem is at character { $position }. Scan the code again, or type it as printed under the barcode.
gs1-dl-no-key = The address has no GS1 primary key, such as /01/ with a GTIN or /00/ with an SSCC, so it names no goods. Check that the whole address was scanned.
gs1-dl-qualifier = In the address, AI ({ $ai }) at character { $position } may not follow key ({ $key }) in the path, or is out of order. Move it to the query (?{ $ai }=...) or put the path in the order of the GS1 Digital Link standard (after 01: 22, 10, 21).
gs1-dl-percent = The address has a "%" at character { $position } that is not followed by two hexadecimal digits. Scan the code again; if you typed the address, write the character itself or its %XX code.
kz-id-length = { $kind ->
        [iin] An IIN
       *[bin] A BIN
    } has 12 digits; this one has { $len ->
        [one] { $len } character
       *[other] { $len } characters
    }. Enter all 12 digits without spaces.
kz-id-character = The { $kind ->
        [iin] IIN
       *[bin] BIN
    } has "{ $char }" at character { $position }, where only digits are allowed. Enter the 12 digits only.
kz-id-check-digit = The { $kind ->
        [iin] IIN
       *[bin] BIN
    } { $value } ends in { $found }, but its check digit should be { $expected }: a digit was mistyped. Compare the number with the identity card or the registration certificate.
kz-id-no-check-digit = No { $kind ->
        [iin] IIN
       *[bin] BIN
    } can begin with the first eleven digits of { $value }: a digit was mistyped. Compare the number with the document it comes from.
kz-bin-entity-type = { $value } is not a legal entity's BIN: its fifth digit is { $digit }, and a BIN's is 4, 5 or 6. If it is the number of a person or an individual entrepreneur, enter it as an IIN.
