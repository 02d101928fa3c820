# Violation reports (R7).
violation-code-invalid = The code is missing or longer than 512 characters. Send the code exactly as scanned or typed from the pack; if there is no code on the goods, type what is printed instead and choose "no code".
violation-reason-unknown = "{ $reason }" is not one of the reasons. Choose one of: { $reasons }.
violation-details-needed = Say in a few words what is wrong: the reason "other" needs a description.
violation-text-too-long = The text is too long: at most { $max } characters. Shorten it and send again.
violation-photo-too-large = The photo is { $size } KiB; at most { $max } KiB is accepted. Send a smaller photo (a lower resolution is enough).
violation-photo-type = The photo is not a JPEG, PNG or WebP picture (judged by its content, not its name). Send a photo in one of these formats.
violation-photo-encoding = The photo is not valid base64. Send the file's bytes encoded as standard base64.
violation-not-found = There is no violation report { $id }. Check the number in the list of reports.
violation-no-photo = Violation report { $id } came without a photo.
violation-status-unknown = "{ $status }" is not a status of a report. Use one of: { $statuses }.
violation-status-transition = A report in status "{ $from }" cannot move to "{ $to }". From "{ $from }" it may move to: { $allowed }.
violation-changed = Violation report { $id } was changed by someone else meanwhile. Reload it and decide again.
