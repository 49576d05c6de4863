"""JWTs for the fleet's servers (extensions), as Python sees them: generate_jwt/verify_jwt
against PyJWT both ways, tokens made the way Pycom's device library makes them, the one
exception type and Python's argument forms (timedelta leeway, require=()), numbers of any
size, tokens exactly as PyJWT takes them, and JWKs and JWKS against PyJWT's. The claim
policy case by case and the RFC 7638 thumbprint are the core's to test
(crates/ucrypto/tests/jwt.rs)."""

import base64
import binascii
import json
import subprocess
import time
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

import crypto


@pytest.fixture(scope="module")
def keys(rsa2048):
    return rsa2048.text("p8.pem"), rsa2048.text("spki.pem")


def device_token(claims: dict, private_pem: str) -> str:
    """A token exactly as Pycom's device library builds it, with binascii.b2a_base64 (which
    CPython and MicroPython share: standard base64, padded, newline-terminated)."""
    header = {"alg": "RS256", "typ": "JWT"}
    to_sign = (binascii.b2a_base64(json.dumps(header).encode()) + b"."
               + binascii.b2a_base64(json.dumps(claims).encode()))
    signature = crypto.generate_rsa_signature(to_sign, private_pem)
    return (to_sign + b"." + binascii.b2a_base64(signature)).decode()


def test_our_tokens_verify_with_pyjwt(keys):
    private, public = keys
    now = int(time.time())
    token = crypto.generate_jwt({"sub": "device-1", "aud": "proj", "iat": now, "exp": now + 60}, private,
                                headers={"kid": "k1"})
    claims = jwt.decode(token, public, algorithms=["RS256"], audience="proj")
    assert claims["sub"] == "device-1"
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": "k1"}
    # datetimes become seconds, as PyJWT makes them
    token = crypto.generate_jwt({"exp": datetime.now(tz=timezone.utc) + timedelta(minutes=5)}, private)
    assert jwt.decode(token, public, algorithms=["RS256"])["exp"] > now


def test_pyjwt_tokens_verify_with_us(keys):
    private, public = keys
    now = int(time.time())
    token = jwt.encode({"sub": "x", "aud": ["a", "b"], "iss": "me", "exp": now + 60, "nbf": now - 5}, private,
                       algorithm="RS256")
    claims = crypto.verify_jwt(token, public, audience="b", issuer="me")
    assert claims == jwt.decode(token, public, algorithms=["RS256"], audience="b", issuer="me")


def test_device_tokens_verify_as_sent_unless_strict(keys):
    private, public = keys
    now = int(time.time())
    token = device_token({"iat": now, "exp": now + 24 * 3600, "aud": "my-project"}, private)
    assert "\n" in token and "=" in token
    assert crypto.verify_jwt(token, public, audience="my-project")["aud"] == "my-project"
    with pytest.raises(crypto.InvalidTokenError, match="not in RFC 7515 compact form"):
        crypto.verify_jwt(token, public, audience="my-project", strict=True)
    # PyJWT cannot read them at all: the reason this exists
    with pytest.raises(jwt.DecodeError):
        jwt.decode(token, public, algorithms=["RS256"], audience="my-project")
    # a change to what was signed (here: the newline) breaks the signature
    head, body, sig = token.split(".")
    with pytest.raises(crypto.InvalidTokenError, match="bad signature"):
        crypto.verify_jwt(f"{head}.{body.rstrip()}.{sig}", public, audience="my-project")


def test_cli_device_encoding_is_byte_for_byte_the_device_library(keys, rsa2048, ucrypto_bin):
    private, _ = keys
    claims = {"iat": 1700000000, "exp": 1700086400, "aud": "my-project"}
    out = subprocess.run([ucrypto_bin, "jwt", "sign", "--key", str(rsa2048.path("p8.pem")), "--claims",
                          json.dumps(claims), "--device-encoding"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == device_token(claims, private)


def test_cli_verifies_device_tokens_with_a_notice(keys, rsa2048, ucrypto_bin, tmp_path):
    private, _ = keys
    now = int(time.time())
    token = device_token({"iat": now, "exp": now + 60, "aud": "p"}, private)
    (tmp_path / "token").write_text(token)
    args = [ucrypto_bin, "jwt", "verify", "--pub", str(rsa2048.path("spki.pem")), "--aud", "p", "--token-file", "token"]
    out = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "not in RFC 7515 compact form" in out.stderr
    assert json.loads(out.stdout)["aud"] == "p"
    strict = subprocess.run(args + ["--strict"], capture_output=True, text=True, cwd=tmp_path)
    assert strict.returncode == 1 and "compact form is required" in strict.stderr


def test_claim_problems_reach_python_as_invalid_token_error(keys):
    """Which problem each claim has is the core's to test; here, that its message arrives."""
    private, public = keys
    token = crypto.generate_jwt({"exp": 2 ** 40, "iss": "a"}, private)
    with pytest.raises(crypto.InvalidTokenError, match=r"^token rejected: .*not the expected issuer"):
        crypto.verify_jwt(token, public, issuer="b")


def test_leeway_require_and_one_exception_type(keys):
    private, public = keys
    now = int(time.time())
    token = crypto.generate_jwt({"exp": now - 30}, private)
    for leeway in (60, 60.0, timedelta(seconds=60)):
        assert crypto.verify_jwt(token, public, leeway=leeway)["exp"] == now - 30
    assert crypto.verify_jwt(crypto.generate_jwt({"a": 1}, private), public, require=())["a"] == 1
    with pytest.raises(crypto.InvalidTokenError, match='"a" is missing'):
        crypto.verify_jwt(crypto.generate_jwt({"exp": now + 60}, private), public, require=["a"])
    # a bad signature and a bad claim differ only in the message
    other_private, other_public = crypto.generate_rsa_keypair()
    with pytest.raises(crypto.InvalidTokenError, match="bad signature") as bad_sig:
        crypto.verify_jwt(crypto.generate_jwt({"exp": now + 60}, other_private), public)
    with pytest.raises(crypto.InvalidTokenError, match="expired") as bad_claim:
        crypto.verify_jwt(token, public)
    assert type(bad_sig.value) is type(bad_claim.value) is crypto.InvalidTokenError
    assert isinstance(bad_sig.value, ValueError)


def test_only_rs256(keys):
    private, public = keys
    none = jwt.encode({"exp": 2 ** 40}, None, algorithm="none")
    with pytest.raises(crypto.InvalidTokenError, match="is not RS256"):
        crypto.verify_jwt(none, public)
    hmac = jwt.encode({"exp": 2 ** 40}, "k" * 32, algorithm="HS256")
    with pytest.raises(crypto.InvalidTokenError, match="is not RS256"):
        crypto.verify_jwt(hmac, public)
    with pytest.raises(crypto.InvalidTokenError, match="alg"):
        crypto.generate_jwt({}, private, headers={"alg": "HS256"})


def test_jwk_and_jwks_agree_with_pyjwt(keys, rsa2048, rsa4096, ucrypto_bin, tmp_path):
    private, public = keys
    out = subprocess.run([ucrypto_bin, "key", "jwk", str(rsa2048.path("spki.pem")), str(rsa4096.path("p8.pem"))],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    jwks = json.loads(out.stdout)
    theirs = json.loads(RSAAlgorithm.to_jwk(RSAAlgorithm.from_jwk(jwks["keys"][0])))
    assert (theirs["n"], theirs["e"]) == (jwks["keys"][0]["n"], jwks["keys"][0]["e"])
    ref = json.loads(RSAAlgorithm.to_jwk(RSAAlgorithm(RSAAlgorithm.SHA256).prepare_key(public)))
    assert (ref["n"], ref["e"]) == (jwks["keys"][0]["n"], jwks["keys"][0]["e"])
    # PyJWT's key set reads ours and picks the key by kid
    kid = jwks["keys"][0]["kid"]
    token = crypto.generate_jwt({"exp": 2 ** 40}, private, headers={"kid": kid})
    key = jwt.PyJWKSet.from_dict(jwks)[kid]
    assert jwt.decode(token, key, algorithms=["RS256"])["exp"] == 2 ** 40
    # ... and so do we, from the JWKS as a dict
    assert crypto.verify_jwt(token, jwks)["exp"] == 2 ** 40
    # the CLI too, from the JWKS file
    (tmp_path / "jwks.json").write_text(out.stdout)
    ok = subprocess.run([ucrypto_bin, "jwt", "verify", "--jwks", "jwks.json", token], capture_output=True, text=True,
                        cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    # a kid the set does not hold
    stranger = crypto.generate_jwt({"exp": 2 ** 40}, private, headers={"kid": "nope"})
    with pytest.raises(crypto.InvalidTokenError, match="no key with kid"):
        crypto.verify_jwt(stranger, jwks)
    # a single key ignores the kid, as PyJWT does
    assert crypto.verify_jwt(stranger, public)["exp"] == 2 ** 40
    assert crypto.verify_jwt(stranger, jwks["keys"][0])["exp"] == 2 ** 40


@pytest.mark.parametrize("around", ["\n", " ", "\u3000", "\u2028", "\r\n", "\t"])
def test_strict_takes_the_token_exactly_as_pyjwt_does(keys, around):
    private, public = keys
    token = crypto.generate_jwt({"exp": int(time.time()) + 60}, private)
    for variant in (token + around, around + token):
        with pytest.raises(crypto.InvalidTokenError):
            crypto.verify_jwt(variant, public, strict=True)
        with pytest.raises(jwt.DecodeError):
            jwt.decode(variant, public, algorithms=["RS256"])
    # The lenient form adds only the device library's newline after a part.
    lenient_ok = around == "\n"
    try:
        crypto.verify_jwt(token + around, public)
        accepted = True
    except crypto.InvalidTokenError:
        accepted = False
    assert accepted == lenient_ok


@pytest.mark.parametrize("number", [2**64 + 1, -(2**63) - 1, 2**64, 10**40, 2**53 + 1])
def test_integers_of_any_size_stay_exact_both_ways(keys, number):
    private, public = keys
    exp = int(time.time()) + 60
    ours = crypto.generate_jwt({"uid": number, "exp": exp}, private)
    assert jwt.decode(ours, public, algorithms=["RS256"])["uid"] == number
    assert crypto.verify_jwt(ours, public)["uid"] == number
    theirs = jwt.encode({"uid": number, "exp": exp}, private, algorithm="RS256")
    claims = crypto.verify_jwt(theirs, public)
    assert claims["uid"] == number and type(claims["uid"]) is int


def test_tokens_from_a_clock_counting_from_2000_say_so(keys):
    private, public = keys
    device_now = int(time.time()) - 946_684_800
    token = device_token({"iat": device_now, "exp": device_now + 24 * 3600, "aud": "p"}, private)
    with pytest.raises(crypto.InvalidTokenError, match="counts time from 2000-01-01.*add 946684800"):
        crypto.verify_jwt(token, public, audience="p")
    # an ordinary expired token does not
    with pytest.raises(crypto.InvalidTokenError, match=r"expired at \d+ \(now \d+\)$"):
        crypto.verify_jwt(device_token({"exp": int(time.time()) - 3600, "aud": "p"}, private), public, audience="p")


def test_leeway_bound_is_the_cores(keys):
    private, public = keys
    token = crypto.generate_jwt({"exp": 1}, private)
    assert crypto.verify_jwt(token, public, leeway=10**15)["exp"] == 1
    with pytest.raises(ValueError, match="leeway must be between 0 and 1000000000000000 seconds"):
        crypto.verify_jwt(token, public, leeway=10**15 + 1)


def test_a_signed_payload_python_cannot_hold_is_still_an_invalid_token(keys):
    private, public = keys
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()  # noqa: E731
    signing_input = b64(b'{"alg":"RS256","typ":"JWT"}') + "." + b64(b'{"x": 1' + b"0" * 5000 + b"}")
    token = signing_input + "." + b64(crypto.generate_rsa_signature(signing_input, private))
    with pytest.raises(crypto.InvalidTokenError, match="payload holds a value Python cannot read"):
        crypto.verify_jwt(token, public, require=())


def test_values_that_are_not_json_are_named(keys):
    private, _ = keys
    for bad in (float("inf"), float("nan")):
        with pytest.raises(ValueError, match="not JSON compliant"):
            crypto.generate_jwt({"x": bad}, private)
    with pytest.raises(ValueError, match="leeway must be between 0 and"):
        crypto.verify_jwt("a.b.c", keys[1], leeway=10**400)
