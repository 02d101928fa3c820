# Emission: product groups' serial rules, serial keys, verification keys and codes (R1, R2).
# Each message says what is wrong and what to do.
emission-alphabet-too-small = A serial alphabet needs at least 2 different characters; this one has { $size }. Add characters to the product group's serial alphabet.
emission-alphabet-character = The serial alphabet contains "{ $char }", which GS1 does not allow in serials. Use only Latin letters, digits and the signs ! " % & ' ( ) * + , - . / : ; < = > ? _.
emission-alphabet-repeat = The serial alphabet lists "{ $char }" twice. Write each character of the alphabet once.
emission-serial-length = A serial has 1 to 20 characters, not { $length }. Set the product group's serial length within that range.
emission-format-too-small = The product group's serial length and alphabet allow only { $capacity } different serials, fewer than the 1,000,000 required. Make the serials longer or the alphabet larger.
emission-serial-key-length = A serial key has 32 bytes (AES-256); this one has { $len }. Give the key exactly as the hub's key store issued it.
emission-counter-out-of-range = Counter { $counter } is outside the { $capacity } serials the product group's format allows: this GTIN has no serials left in this format. Ask the operator to review the product group's serial format.
serial-wrong-length = The serial { $serial } has { $found } characters, but this product group's serials have { $expected }. Scan the code again; if that fails too, the code belongs to another product group or was printed wrongly.
serial-character = The serial { $serial } has "{ $char }" at character { $position }, which this product group's serials never contain. Scan the code again; if that fails too, the code belongs to another product group or was printed wrongly.
serial-not-emitted = The serial { $serial } was never issued for this GTIN: the code is invalid and may be counterfeit. Do not accept the goods, and report the code.
verification-key-id-format = A verification key id (AI 91) is 4 Latin letters or digits, not "{ $value }". Scan the code again, or enter the key id as it is printed.
verification-key-too-short = The secret of verification key { $id } has { $len } bytes; at least 32 are needed. Generate a new key in the hub's key store.
verification-key-id-duplicate = Verification key id { $id } is used twice in this product group. Give each key its own id.
verification-key-unknown = The code names verification key { $id }, which the hub does not know: the code may be counterfeit or made for another product group. Do not accept the goods, and report the code.
verification-code-mismatch = The code's verification code does not match its GTIN and serial: the code is counterfeit, altered or misread. Scan it again; if the check fails again, do not accept the goods, and report the code.
verification-code-incomplete = The code has no element (AI { $ai }), so its verification code cannot be checked. Scan the whole code (the DataMatrix, not the printed digits), or enter every part of it.
emission-master-secret-too-short = The emission master secret has { $len } bytes; at least 32 are needed. Point emission.master_key_file at a file of 32 random bytes (the hub makes one in its data directory on first start).
