#!/usr/bin/python3
# mail_parse.py FILE - one received message as JSON for the C tests: the decoded headers,
# the MIME tree (content types, depth first), and the decoded text, HTML and calendar parts.
import email
import email.policy
import json
import sys

with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)

out = {"headers": {}, "tree": [], "parts": {}}
for name in ("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe",
             "List-Unsubscribe-Post"):
    if msg[name] is not None:
        out["headers"][name] = str(msg[name])
for part in msg.walk():
    ctype = part.get_content_type()
    out["tree"].append(ctype)
    if not part.is_multipart():
        out["parts"][ctype] = part.get_content()
        if ctype == "text/calendar":
            out["calendar_method"] = part.get_param("method")
            out["calendar_filename"] = part.get_filename()
print(json.dumps(out))
