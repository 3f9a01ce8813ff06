"""Verifies a Standard Webhooks delivery: python3 verify.py < body.json"""
import base64
import hashlib
import hmac
import os
import sys
import time

TOLERANCE_SECONDS = 5 * 60


def signing_key(secret: str) -> bytes:
    # whsec_ + base64 (generated secrets) is the decoded bytes; any other secret its UTF-8 bytes.
    try:
        return base64.b64decode(secret.removeprefix("whsec_"), validate=True) or secret.encode()
    except ValueError:  # not base64
        return secret.encode()


def verify(secret: str, msg_id: str, timestamp: str, signature: str, body: bytes) -> None:
    """Raises ValueError unless the delivery is genuine and recent."""
    if not secret:
        raise ValueError("the secret is empty")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("webhook-timestamp is missing or more than 5 minutes from now")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(signing_key(secret), signed, hashlib.sha256).digest())
    # One "v1,<base64>" per live secret, space-separated: any match will do (secret rotation).
    if not any(
        hmac.compare_digest(entry[3:].encode(), expected)
        for entry in signature.split()
        if entry.startswith("v1,")
    ):
        raise ValueError("no webhook-signature matches this body and secret")


if __name__ == "__main__":
    try:
        verify(
            os.environ["WEBHOOK_SECRET"],
            os.environ["WEBHOOK_ID"],
            os.environ["WEBHOOK_TIMESTAMP"],
            os.environ["WEBHOOK_SIGNATURE"],
            sys.stdin.buffer.read(),
        )
    except (KeyError, ValueError) as error:
        sys.exit(f"not verified: {error}")
    print("verified")
