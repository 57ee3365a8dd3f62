#!/usr/bin/python3
"""A local SMTP server for tests (aiosmtpd): it writes every message it accepts as a JSON
file and refuses some recipients on purpose.

  --port P          listen on 127.0.0.1:P (0 = a free port)
  --dir OUT         where each accepted message goes, as OUT/NNNN.json
  --tls-cert/--tls-key  a certificate: STARTTLS (required) unless --implicit-tls
  --implicit-tls    TLS from the first byte (smtps)
  --auth USER:PASS  require AUTH PLAIN/LOGIN with these credentials

RCPT of an address starting with "recusa" gets 550, with "tempfalha" 451. Prints
"READY <port>" on stdout once listening. A message file holds mail_from, rcpt_tos,
headers (name -> decoded value; the first of repeated names), text, html, attachments
[{filename, content_type, size, data_base64}], tls, login and raw.
"""

import argparse
import asyncio
import base64
import email
import email.policy
import json
import os
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.lower()
        if local.startswith("recusa"):
            return "550 5.1.1 destinatario recusado"
        if local.startswith("tempfalha"):
            return "451 4.3.0 falha temporaria, tente depois"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        headers = {}
        for name, value in message.items():
            headers.setdefault(name, str(value))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "headers": headers,
            "text": body_of(message, "plain"),
            "html": body_of(message, "html"),
            "attachments": attachments_of(message),
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "login": (session.login_data or b"").decode("utf-8", "replace"),
            "raw": raw.decode("utf-8", "replace"),
        }
        self.count += 1
        path = os.path.join(self.out_dir, f"{self.count:04d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(path + ".tmp", path)  # readers never see a half-written file
        return f"250 OK queued as {self.count}"


def body_of(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    return part.get_content()


def attachments_of(message):
    found = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        found.append({
            "filename": part.get_filename(),
            "content_type": part.get_content_type(),
            "size": len(data),
            "data_base64": base64.b64encode(data).decode("ascii"),
        })
    return found


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode("utf-8", "replace") == user
              and auth_data.password.decode("utf-8", "replace") == password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return authenticate


async def serve(args):
    loop = asyncio.get_running_loop()
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)
    implicit = tls_context is not None and args.implicit_tls
    starttls = tls_context is not None and not args.implicit_tls
    options = {"hostname": "localhost", "loop": loop}
    if starttls:
        options.update(tls_context=tls_context, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(authenticator=make_authenticator(user, password),
                       auth_required=True, auth_require_tls=starttls)
    handler = Handler(args.dir)
    server = await loop.create_server(lambda: SMTP(handler, **options), host="127.0.0.1",
                                      port=args.port, ssl=tls_context if implicit else None)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.implicit_tls and not args.tls_cert:
        parser.error("--implicit-tls needs --tls-cert and --tls-key")
    warnings.simplefilter("ignore")  # AUTH without TLS is what some tests want
    os.makedirs(args.dir, exist_ok=True)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
