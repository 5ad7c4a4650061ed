#!/usr/bin/env python3
"""A real SMTP server for CostWatch's e-mail tests: aiosmtpd (Debian's python3-aiosmtpd) on a loopback port.

Started by SmtpServer.cs, not by hand. Modes:
  starttls  offers STARTTLS (the certificate and key given) and AUTH PLAIN/LOGIN once TLS is on;
  implicit  TLS from the first byte (SslOnConnect) and AUTH;
  plain     neither STARTTLS nor TLS; AUTH offered in clear only with --auth-in-clear.
Each message received is saved to --maildir as <n>.eml, after <n>.json (envelope, TLS on or off, the user logged in).
Each MAIL command is appended to commands.log with whether TLS was on, so a test can prove nothing was sent in clear.
Recipients with the local part "reject" are refused with 550, "defer" with 451, to exercise the sender's outcomes.
Prints "READY <port>" once it answers; exits when its stdin closes (the test process ended) or on SIGTERM.
"""
import argparse
import itertools
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SavingHandler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock, open(os.path.join(self.maildir, "commands.log"), "a", encoding="utf-8") as log:
            log.write(f"MAIL tls={is_tls(server, session)}\n")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.split("@", 1)[0].lower()
        if local_part == "reject":
            return "550 5.1.1 Mailbox unavailable"
        if local_part == "defer":
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.numbers)
        auth = session.auth_data
        metadata = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": is_tls(server, session),
            "auth_user": auth.login.decode("utf-8") if isinstance(auth, LoginPassword) else None,
        }
        base = os.path.join(self.maildir, str(number))
        write_atomically(base + ".json", json.dumps(metadata).encode("utf-8"))
        write_atomically(base + ".eml", envelope.original_content)
        return "250 Message accepted for delivery"


def is_tls(server, session):
    # session.ssl is set by STARTTLS only; an implicit TLS connection shows in its transport.
    return session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None


def write_atomically(path, data):
    with open(path + ".tmp", "wb") as file:
        file.write(data)
    os.replace(path + ".tmp", path)


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode("utf-8")
              and auth_data.password == password.encode("utf-8"))
        # handled=False on failure: aiosmtpd then answers 535 itself (handled=True would leave the client waiting).
        return AuthResult(success=True, auth_data=auth_data) if ok else AuthResult(success=False, handled=False)
    return authenticate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--mode", choices=["starttls", "implicit", "plain"], required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="costwatch")
    parser.add_argument("--password", default="smtp-secret")
    parser.add_argument("--auth-in-clear", action="store_true")
    args = parser.parse_args()

    tls = None
    if args.mode != "plain":
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)

    options = dict(
        hostname="127.0.0.1",
        port=args.port,
        server_hostname="smtp.test",
        authenticator=make_authenticator(args.user, args.password),
        auth_require_tls=not args.auth_in_clear,
    )
    if args.mode == "starttls":
        options.update(tls_context=tls, require_starttls=True)
    elif args.mode == "implicit":
        # aiosmtpd offers AUTH only after STARTTLS unless told otherwise; here TLS was there from the start.
        options.update(ssl_context=tls, auth_require_tls=False)

    controller = Controller(SavingHandler(args.maildir), **options)
    controller.start()
    print(f"READY {args.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
