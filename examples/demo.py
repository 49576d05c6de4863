"""The seed document's jobs, end to end, with every result checked.

Run by `make demo`. It makes keys the way the seed's openssl commands do, signs a JWT and
has openssl verify it, encrypts and decrypts a message with RSA (and cross-checks with
openssl), verifies a token made the way the device library makes it, and runs AES in every
mode against the device's own known answers.
"""

import base64
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import crypto
import ucrypto

PASS = "demo-passphrase"


def step(text: str) -> None:
    print(f"\n== {text}")


def check(ok: bool, what: str) -> None:
    print(f"   {'ok ' if ok else 'FAILED'} {what}")
    if not ok:
        sys.exit(1)


def sh(*args: str, cwd: Path, stdin: bytes = b"") -> bytes:
    print("   $ " + " ".join(args))
    done = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True)
    if done.returncode != 0:
        print(done.stderr.decode(), file=sys.stderr)
        sys.exit(1)
    return done.stdout


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_keys(cert: Path) -> None:
    step("Keys, made with the seed's openssl commands (passphrase given on the command line)")
    sh("openssl", "genrsa", "-des3", "-passout", f"pass:{PASS}", "-out", "private.pem", "2048", cwd=cert)
    sh("openssl", "rsa", "-passin", f"pass:{PASS}", "-in", "private.pem", "-outform", "PEM", "-pubout",
       "-out", "public.pem", cwd=cert)
    sh("openssl", "rsa", "-passin", f"pass:{PASS}", "-in", "private.pem", "-out", "private_unencrypted.pem",
       "-outform", "PEM", cwd=cert)
    sh("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "private_unencrypted.pem", "-out",
       "private_key_pkcs8.pem", cwd=cert)
    sh("openssl", "rsa", "-in", "private_unencrypted.pem", "-traditional", "-out", "private_pkcs1.pem", cwd=cert)
    protected = (cert / "private.pem").read_text()
    try:
        crypto.generate_rsa_signature("x", protected)
        check(False, "the passphrase-protected key needs its password")
    except ValueError as e:
        check("pass password=" in str(e), f"without its password the key is refused with a fix:\n      {e}")
    signed = crypto.generate_rsa_signature("x", protected, password=PASS)
    plain = crypto.generate_rsa_signature("x", (cert / "private_unencrypted.pem").read_text())
    check(signed == plain, "with password= (an extension) the seed's -des3 key works as it is")


def jwt(cert: Path) -> None:
    step("Example 1: RS256 signature for a JWT (crypto.generate_rsa_signature)")
    header_payload = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + \
        b64url(json.dumps({"iss": "device-1", "exp": 1300819380}).encode())
    pk = (cert / "private_key_pkcs8.pem").read_text()
    signature = crypto.generate_rsa_signature(header_payload, pk, pers="my_pers_string")
    token = header_payload + "." + b64url(signature)
    print(f"   token: {token[:60]}...{token[-20:]}")
    (cert / "hp.txt").write_text(header_payload)
    (cert / "hp.sig").write_bytes(signature)
    out = sh("openssl", "dgst", "-sha256", "-verify", "public.pem", "-signature", "hp.sig", "hp.txt", cwd=cert)
    check(b"Verified OK" in out, "openssl verifies the signature")
    theirs = sh("openssl", "dgst", "-sha256", "-sign", "private_key_pkcs8.pem", "hp.txt", cwd=cert)
    check(theirs == signature, "byte for byte what `openssl dgst -sha256 -sign` writes")
    pkcs1 = crypto.generate_rsa_signature(header_payload, (cert / "private_pkcs1.pem").read_text())
    check(pkcs1 == signature, "the PKCS#1 (BEGIN RSA PRIVATE KEY) form gives the same signature")


def rsa(cert: Path) -> None:
    step("Examples 2 and 3: RSA encryption to the device's peer and back (rsa_encrypt / rsa_decrypt)")
    message = "this is a secret message, it needs to be encrypted"
    message_encrypted = crypto.rsa_encrypt(message, (cert / "public.pem").read_text())
    print(f"   ciphertext: {len(message_encrypted)} bytes, {message_encrypted[:12].hex()}...")
    message_decrypted = crypto.rsa_decrypt(message_encrypted, (cert / "private_unencrypted.pem").read_text())
    check(message_decrypted == message.encode(), f"decrypted: {message_decrypted!r}")
    (cert / "ct.bin").write_bytes(message_encrypted)
    plain = sh("openssl", "pkeyutl", "-decrypt", "-inkey", "private_unencrypted.pem", "-in", "ct.bin", cwd=cert)
    check(plain == message.encode(), "openssl pkeyutl decrypts our ciphertext too")
    try:
        crypto.rsa_decrypt(bytes(256), (cert / "private_unencrypted.pem").read_text())
        check(False, "a forged ciphertext is refused")
    except RuntimeError as e:
        check(str(e) == "Decrypt failed", "a forged ciphertext raises RuntimeError('Decrypt failed')")


def aes() -> None:
    step("AES in every mode (the device's test-suite known answers, then round trips)")
    key, iv = b"pycomisthekey...", b"thisisthetestIV "
    cases = [
        ("ECB", crypto.AES(key, crypto.AES.MODE_ECB), b"testing ecb 123.",
         b"\x9f03\xbc^\x7f\xef\xa5\xf1\xd6P\x1d\x07)\xe6R"),
        ("CBC", crypto.AES(key, crypto.AES.MODE_CBC, iv), b"testing cbc 123.",
         b"Jzv\x9c\x17\xfa\x9c\xbd\xbe/\xc943\x81t\x19"),
        ("CTR", crypto.AES(key, crypto.AES.MODE_CTR, counter=b"0123456789012345"), b"this is a ctr test",
         b"\xb8\x17\xef\xceau\x97\xb6\xe1\xcbJQ\xc1wW\xc0-z"),
    ]
    for name, cipher, plain, expected in cases:
        check(cipher.encrypt(plain) == expected, f"{name} matches the device: {expected!r}")
    fresh_key, fresh_iv = crypto.getrandbits(256), crypto.getrandbits(128)
    check(len(fresh_key) == 32 and len(crypto.getrandbits(1)) == 4, "getrandbits rounds up to 32-bit words")
    for name, seg in (("CFB8", crypto.AES.SEGMENT_8), ("CFB128", crypto.AES.SEGMENT_128)):
        enc = crypto.AES(fresh_key, crypto.AES.MODE_CFB, fresh_iv, segment_size=seg)
        ct = enc.encrypt("sensor reading: ") + enc.encrypt("21.5 C")
        dec = crypto.AES(fresh_key, crypto.AES.MODE_CFB, fresh_iv, segment_size=seg)
        check(dec.decrypt(ct) == b"sensor reading: 21.5 C", f"{name} round trip across two calls")


def fleet(cert: Path) -> None:
    step("The fleet's server: a token made the way the device library makes it, verified as sent")
    import binascii
    import time

    private = (cert / "private_key_pkcs8.pem").read_text()
    public = (cert / "public.pem").read_text()
    now = int(time.time())
    to_sign = (binascii.b2a_base64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + b"."
               + binascii.b2a_base64(json.dumps({"iat": now, "exp": now + 24 * 3600, "aud": "my-project"}).encode()))
    token = to_sign + b"." + binascii.b2a_base64(crypto.generate_rsa_signature(to_sign, private))
    print(f"   device token (parts end in newlines): {token[:40]!r}...")
    claims = crypto.verify_jwt(token, public, audience="my-project")
    check(claims["aud"] == "my-project", "verify_jwt (an extension) accepts it and returns its claims")
    try:
        crypto.verify_jwt(token, public, audience="my-project", strict=True)
        check(False, "strict=True refuses the device's form")
    except crypto.InvalidTokenError as e:
        check("compact form" in str(e), f"strict=True refuses it: {e}")
    ours = crypto.generate_jwt({"sub": "device-1", "exp": now + 60}, private)
    check(crypto.verify_jwt(ours, public)["sub"] == "device-1", "generate_jwt writes RFC 7515 compact tokens")


def main() -> None:
    print(f"ucrypto demo: `import crypto` is `import ucrypto`: {crypto is ucrypto}")
    with tempfile.TemporaryDirectory() as tmp:
        cert = Path(tmp) / "cert"
        cert.mkdir()
        make_keys(cert)
        jwt(cert)
        rsa(cert)
        fleet(cert)
    aes()
    print("\nAll demo steps passed.")


if __name__ == "__main__":
    main()
