"""Verify a Verilink webhook delivery (Python 3, standard library only)."""
import hashlib
import hmac
import time


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """True if `header` (Verilink-Signature) signs this raw request `body` with `secret`."""
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamp = next((value for key, value in parts if key == "t"), None)
    if timestamp is None or abs(time.time() - int(timestamp)) > tolerance:
        return False  # missing, or too old: a replayed request
    signed = timestamp.encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    # Two v1 values arrive while a secret rotation is in its grace period; either may match.
    return any(key == "v1" and hmac.compare_digest(value, expected) for key, value in parts)


if __name__ == "__main__":
    import sys

    secret, header, body_path = sys.argv[1:4]
    with open(body_path, "rb") as body_file:
        sys.exit(0 if verify(secret, header, body_file.read()) else 1)
