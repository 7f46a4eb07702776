#!/usr/bin/python3
# smtp_peer.py DIR MODE - a real SMTP server for the email channel's tests (Debian's
# python3-aiosmtpd) on 127.0.0.1 at a free port. Prints the port on one line, then saves each
# message it accepts as DIR/<n>.eml. MODE "refuse" answers every RCPT with 550; "tempfail"
# with 451. Exits when stdin closes (the test ended) or after 60 seconds, whichever is first.
import os
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, directory, mode):
        self.directory = directory
        self.mode = mode
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 no such mailbox"
        if self.mode == "tempfail":
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".tmp", path)
        with open(os.path.join(self.directory, "%d.env" % self.count), "w") as f:
            f.write("%s\n%s\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos)))
        return "250 2.0.0 queued"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    directory, mode = sys.argv[1], sys.argv[2]
    port = free_port()
    controller = Controller(Saver(directory, mode), hostname="127.0.0.1", port=port,
                            decode_data=False)
    controller.start()
    print(port, flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait(60)
    controller.stop()


if __name__ == "__main__":
    main()
