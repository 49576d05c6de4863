"""The `ucrypto` command line against PyJWT and the Python module: tokens minted by one
verify with the other, and keys from `ucrypto keygen` load in the module."""

import os
import subprocess
import time
from pathlib import Path

import jwt
import pytest

import crypto

ROOT = Path(__file__).parents[2]


@pytest.fixture()
def keys(tmp_path, ucrypto_bin):
    subprocess.run([ucrypto_bin, "keygen", "--out", "k.pem", "--pub", "p.pem"], cwd=tmp_path, check=True,
                   capture_output=True)
    return tmp_path


def cli(ucrypto_bin, cwd, *args):
    return subprocess.run([ucrypto_bin, *args], cwd=cwd, capture_output=True, text=True)


def test_cli_token_verifies_with_pyjwt(ucrypto_bin, keys):
    out = cli(ucrypto_bin, keys, "jwt", "sign", "--key", "k.pem", "--claim", "sub=device-1", "--iat",
              "--exp-in", "10m", "--aud", "my-project")
    assert out.returncode == 0, out.stderr
    claims = jwt.decode(out.stdout.strip(), (keys / "p.pem").read_text(), algorithms=["RS256"], audience="my-project")
    assert claims["sub"] == "device-1" and claims["exp"] - claims["iat"] == 600
    assert jwt.get_unverified_header(out.stdout.strip()) == {"alg": "RS256", "typ": "JWT"}


def test_pyjwt_token_verifies_with_cli(ucrypto_bin, keys):
    private = (keys / "k.pem").read_text()
    token = jwt.encode({"sub": "from-pyjwt", "exp": int(time.time()) + 60, "nbf": int(time.time()) - 5},
                       private, algorithm="RS256")
    out = cli(ucrypto_bin, keys, "jwt", "verify", "--pub", "p.pem", token)
    assert out.returncode == 0, out.stderr
    assert '"sub": "from-pyjwt"' in out.stdout


def test_expired_and_tampered_tokens_fail(ucrypto_bin, keys):
    private = (keys / "k.pem").read_text()
    expired = jwt.encode({"sub": "x", "exp": int(time.time()) - 120}, private, algorithm="RS256")
    out = cli(ucrypto_bin, keys, "jwt", "verify", "--pub", "p.pem", expired)
    assert out.returncode == 1 and "expired" in out.stderr
    assert cli(ucrypto_bin, keys, "jwt", "verify", "--pub", "p.pem", expired, "--leeway", "600").returncode == 0
    head, _, sig = jwt.encode({"sub": "x"}, private, algorithm="RS256").split(".")
    forged = jwt.api_jws.base64url_encode(b'{"sub":"admin"}').decode()
    out = cli(ucrypto_bin, keys, "jwt", "verify", "--pub", "p.pem", f"{head}.{forged}.{sig}")
    assert out.returncode == 1 and "bad signature" in out.stderr
    # and PyJWT refuses what the CLI refuses
    ours = cli(ucrypto_bin, keys, "jwt", "sign", "--key", "k.pem", "--claims", '{"exp": 1000}').stdout.strip()
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(ours, (keys / "p.pem").read_text(), algorithms=["RS256"])


def test_device_jwt_from_the_module_verifies_with_cli(ucrypto_bin, keys):
    # What a device does: sign header.payload with generate_rsa_signature and join with base64url.
    header = jwt.api_jws.base64url_encode(b'{"alg":"RS256","typ":"JWT"}').decode()
    payload = jwt.api_jws.base64url_encode(b'{"iss":"device"}').decode()
    signature = crypto.generate_rsa_signature(f"{header}.{payload}", (keys / "k.pem").read_text())
    token = f"{header}.{payload}.{jwt.api_jws.base64url_encode(signature).decode()}"
    assert cli(ucrypto_bin, keys, "jwt", "verify", "--pub", "p.pem", token).returncode == 0


def test_keygen_keys_load_in_the_module(ucrypto_bin, keys):
    private, public = (keys / "k.pem").read_text(), (keys / "p.pem").read_text()
    assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"m", public), private) == b"m"
    sig = subprocess.run([ucrypto_bin, "sign", "--key", "k.pem", "--format", "raw"], cwd=keys, input=b"m",
                         capture_output=True, check=True).stdout
    assert sig == crypto.generate_rsa_signature(b"m", private)
    assert crypto.verify_rsa_signature(b"m", sig, public)
