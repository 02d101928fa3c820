# The public check (R7, R2).
check-authentic = Genuine: this code was issued by the marking system and the goods are in circulation.
check-unknown = Unknown code: the marking system never issued it. Do not buy the goods; report it with "Report a violation".
check-verification-failed = The code's verification part does not match: the code is forged. Do not buy the goods; report it with "Report a violation".
check-not-in-circulation = The code is genuine, but the goods were never put into circulation, so they may not be sold yet. Report it if they are on sale.
check-sold = The code is genuine, but the goods were already sold to a buyer. If they are on sale again, the code may be copied: report it.
check-withdrawn = The code is genuine, but the goods were withdrawn from circulation or written off and may not be sold. Report it if they are on sale.
check-expired = The code is genuine, but the goods are past their expiry date and may not be sold.
check-suspected-clone = The code is genuine, but it was just checked far from here: there may be copies of it. Look closely at the goods and report it if in doubt.
check-place-invalid = The place is incomplete or out of range. Send both latitude (-90 to 90) and longitude (-180 to 180), or neither.
check-too-many = Too many checks from your address. Wait { $seconds } seconds and try again.
check-photo-not-image = The photo could not be read as a PNG or JPEG image ({ $reason }). Take the photo again and send it as PNG or JPEG.
check-photo-too-large = The photo is { $width } x { $height } pixels; at most { $max } pixels on a side are accepted. Send a smaller photo.
check-photo-no-code = No DataMatrix code could be read in the photo. Take it again closer, in focus and in good light, with the whole code in the frame, or type the code.
problem-too-many-title = Too many requests
