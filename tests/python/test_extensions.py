"""The extensions beyond the device: verify_rsa_signature, generate_rsa_keypair, OAEP and
password-protected keys — each against the openssl CLI and pyca/cryptography."""

import re
import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import crypto

OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
OPENSSL_OAEP = ["-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
                "-pkeyopt", "rsa_mgf1_md:sha256"]


def run(*args, cwd, stdin=b""):
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, check=True).stdout


# --- verify_rsa_signature -------------------------------------------------------------

def test_verify_agrees_with_openssl_dgst_verify(rsa2048):
    d = rsa2048.dir
    (d / "m.txt").write_bytes(b"header.payload")
    sig = run("openssl", "dgst", "-sha256", "-sign", "p8.pem", "m.txt", cwd=d)
    pub = rsa2048.text("spki.pem")
    assert crypto.verify_rsa_signature(b"header.payload", sig, pub) is True
    assert crypto.verify_rsa_signature("header.payload", sig, rsa2048.text("p1pub.pem")) is True
    tampered = bytearray(sig)
    tampered[-1] ^= 1
    (d / "bad.sig").write_bytes(bytes(tampered))
    openssl_says = subprocess.run(["openssl", "dgst", "-sha256", "-verify", "spki.pem", "-signature", "bad.sig",
                                   "m.txt"], cwd=d, capture_output=True)
    assert openssl_says.returncode != 0
    assert crypto.verify_rsa_signature(b"header.payload", bytes(tampered), pub) is False
    assert crypto.verify_rsa_signature(b"header.payloaD", sig, pub) is False


@pytest.mark.parametrize("signature", [b"", b"\0" * 256, b"\xff" * 256, b"x" * 255, b"x" * 257, b"x" * 512])
def test_verify_is_false_for_any_bad_signature(rsa2048, signature):
    assert crypto.verify_rsa_signature(b"m", signature, rsa2048.text("spki.pem")) is False


def test_verify_with_another_key_is_false(rsa2048, rsa4096):
    sig = crypto.generate_rsa_signature(b"m", rsa2048.text("p8.pem"))
    assert crypto.verify_rsa_signature(b"m", sig, rsa4096.text("spki.pem")) is False


def test_verify_raises_only_for_an_unusable_key(rsa2048):
    with pytest.raises(ValueError, match=r"^Invalid public key: this is a private key"):
        crypto.verify_rsa_signature(b"m", b"s", rsa2048.text("p8.pem"))
    with pytest.raises(ValueError, match=r"^Invalid public key"):
        crypto.verify_rsa_signature(b"m", b"s", "not a key")


def test_verify_agrees_with_pyca():
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    pub = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    sig = key.sign(b"from pyca", padding.PKCS1v15(), hashes.SHA256())
    assert crypto.verify_rsa_signature(b"from pyca", sig, pub)
    pss = key.sign(b"from pyca", padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256())
    assert not crypto.verify_rsa_signature(b"from pyca", pss, pub)


# --- generate_rsa_keypair -------------------------------------------------------------

@pytest.mark.parametrize("bits", [2048, 3072])
def test_generated_keys_work_everywhere(bits, tmp_path):
    private_pem, public_pem = crypto.generate_rsa_keypair(bits)
    assert private_pem.startswith("-----BEGIN PRIVATE KEY-----\n")
    assert public_pem.startswith("-----BEGIN PUBLIC KEY-----\n")
    (tmp_path / "k.pem").write_text(private_pem)
    (tmp_path / "p.pem").write_text(public_pem)
    text = run("openssl", "pkey", "-in", "k.pem", "-check", "-noout", "-text", cwd=tmp_path).decode()
    assert f"Private-Key: ({bits} bit, 2 primes)" in text
    assert "publicExponent: 65537" in text
    assert run("openssl", "pkey", "-in", "k.pem", "-pubout", cwd=tmp_path).decode() == public_pem
    pyca_key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    assert pyca_key.key_size == bits
    sig = crypto.generate_rsa_signature(b"m", private_pem)
    pyca_key.public_key().verify(sig, b"m", padding.PKCS1v15(), hashes.SHA256())
    assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"m", public_pem), private_pem) == b"m"


def test_default_size_is_2048_and_keys_differ():
    a, b = crypto.generate_rsa_keypair(), crypto.generate_rsa_keypair()
    assert a != b
    assert serialization.load_pem_public_key(a[1].encode()).key_size == 2048


@pytest.mark.parametrize("bits", [0, 1024, 2047, 2049, 5000, 16384, -2048])
def test_unsupported_sizes(bits):
    expected = f"key size must be '2048', '3072', '4096' or '8192', not \"{bits}\""
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        crypto.generate_rsa_keypair(bits)


def test_keypair_argument_types():
    with pytest.raises(TypeError):
        crypto.generate_rsa_keypair("2048")


# --- OAEP -----------------------------------------------------------------------------

def test_oaep_both_ways_with_openssl(rsa2048):
    d = rsa2048.dir
    ct = crypto.rsa_encrypt(b"oaep to openssl", rsa2048.text("spki.pem"), padding="oaep")
    (d / "oaep.bin").write_bytes(ct)
    plain = run("openssl", "pkeyutl", "-decrypt", "-inkey", "p8.pem", "-in", "oaep.bin", *OPENSSL_OAEP, cwd=d)
    assert plain == b"oaep to openssl"
    theirs = run("openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "spki.pem", *OPENSSL_OAEP, cwd=d,
                 stdin=b"oaep from openssl")
    assert crypto.rsa_decrypt(theirs, rsa2048.text("p8.pem"), padding="oaep") == b"oaep from openssl"
    # the two paddings do not mix, and the failure is the uniform one
    with pytest.raises(RuntimeError, match=r"^Decrypt failed$"):
        crypto.rsa_decrypt(theirs, rsa2048.text("p8.pem"))
    with pytest.raises(RuntimeError, match=r"^Decrypt failed$"):
        crypto.rsa_decrypt(crypto.rsa_encrypt(b"x", rsa2048.text("spki.pem")), rsa2048.text("p8.pem"), padding="oaep")


def test_oaep_both_ways_with_pyca(rsa2048):
    key = serialization.load_pem_private_key(rsa2048.raw("p8.pem"), password=None)
    ct = crypto.rsa_encrypt(b"to pyca", rsa2048.text("spki.pem"), padding="oaep")
    assert key.decrypt(ct, OAEP) == b"to pyca"
    assert crypto.rsa_decrypt(key.public_key().encrypt(b"from pyca", OAEP), rsa2048.text("p8.pem"),
                              padding="oaep") == b"from pyca"


def test_oaep_message_limit(rsa2048):
    pub, priv = rsa2048.text("spki.pem"), rsa2048.text("p8.pem")
    assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"A" * 190, pub, padding="oaep"), priv, padding="oaep") == b"A" * 190
    with pytest.raises(RuntimeError, match=r"^Encrypt failed: the message is 191 bytes but this key takes at most "
                                           r"190 bytes with 'oaep' padding"):
        crypto.rsa_encrypt(b"A" * 191, pub, padding="oaep")


@pytest.mark.parametrize("bad", ["OAEP", "pkcs1", "", "none"])
def test_unknown_padding(rsa2048, bad):
    with pytest.raises(ValueError, match=r"^padding must be 'pkcs1v15' or 'oaep'"):
        crypto.rsa_encrypt(b"x", rsa2048.text("spki.pem"), padding=bad)
    with pytest.raises(ValueError, match=r"^padding must be 'pkcs1v15' or 'oaep'"):
        crypto.rsa_decrypt(b"x", rsa2048.text("p8.pem"), padding=bad)


# --- password-protected keys ----------------------------------------------------------

@pytest.fixture(scope="session")
def encrypted(tmp_path_factory, rsa2048):
    """The same key encrypted the ways openssl writes it, by how it was made."""
    d = tmp_path_factory.mktemp("enc")
    src = str(rsa2048.path("p8.pem"))
    run("openssl", "pkey", "-in", src, "-aes256", "-passout", "pass:s3cret", "-out", "pkey_aes256.pem", cwd=d)
    run("openssl", "pkcs8", "-topk8", "-in", src, "-passout", "pass:s3cret", "-out", "topk8_default.pem", cwd=d)
    run("openssl", "pkcs8", "-topk8", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1", "-in", src,
        "-passout", "pass:s3cret", "-out", "topk8_aes128_sha1.pem", cwd=d)
    run("openssl", "pkcs8", "-topk8", "-scrypt", "-in", src, "-passout", "pass:s3cret", "-out", "topk8_scrypt.pem", cwd=d)
    run("openssl", "pkcs8", "-topk8", "-v2", "des3", "-in", src, "-passout", "pass:s3cret", "-out", "topk8_des3.pem",
        cwd=d)
    run("openssl", "pkcs8", "-topk8", "-outform", "DER", "-in", src, "-passout", "pass:s3cret", "-out", "enc.der", cwd=d)
    run("openssl", "genrsa", "-des3", "-passout", "pass:s3cret", "-out", "genrsa_des3.pem", "2048", cwd=d)
    run("openssl", "genpkey", "-algorithm", "RSA", "-aes256", "-pass", "pass:s3cret", "-out", "genpkey_aes256.pem", cwd=d)
    run("openssl", "rsa", "-in", src, "-traditional", "-des3", "-passout", "pass:s3cret", "-out", "legacy.pem", cwd=d)
    return d


@pytest.mark.parametrize("name", ["pkey_aes256.pem", "topk8_default.pem", "topk8_aes128_sha1.pem",
                                  "topk8_scrypt.pem", "topk8_des3.pem", "enc.der"])
def test_encrypted_pkcs8_with_password(encrypted, rsa2048, name):
    key = (encrypted / name).read_bytes()
    expected = crypto.generate_rsa_signature(b"m", rsa2048.text("p8.pem"))
    assert crypto.generate_rsa_signature(b"m", key, password="s3cret") == expected
    assert crypto.generate_rsa_signature(b"m", key, password=b"s3cret") == expected
    ct = crypto.rsa_encrypt(b"m", rsa2048.text("spki.pem"))
    assert crypto.rsa_decrypt(ct, key, password="s3cret") == b"m"


@pytest.mark.parametrize("name", ["genrsa_des3.pem", "genpkey_aes256.pem"])
def test_keys_generated_with_a_passphrase(encrypted, name):
    key = (encrypted / name).read_text()
    sig = crypto.generate_rsa_signature(b"m", key, password="s3cret")
    public = run("openssl", "pkey", "-in", name, "-passin", "pass:s3cret", "-pubout", cwd=encrypted).decode()
    assert crypto.verify_rsa_signature(b"m", sig, public)


def test_wrong_password_says_so(encrypted):
    key = (encrypted / "pkey_aes256.pem").read_text()
    for wrong in ("S3cret", "", "s3cret "):
        with pytest.raises(ValueError, match=r"^wrong password"):
            crypto.generate_rsa_signature(b"m", key, password=wrong)
        with pytest.raises(ValueError, match=r"^wrong password"):
            crypto.rsa_decrypt(b"\0" * 256, key, password=wrong)


def test_kdf_parameters_outside_their_domain_raise_value_error_not_panic():
    """An scrypt N of 0 made a dependency panic (``PanicException``, which ``except
    Exception`` does not catch); it is a damaged key like any other."""
    from conftest import ROOT

    key = (ROOT / "crates/ucrypto/tests/data/rsa2048_scrypt_n0.pem").read_text()
    calls = [
        lambda: crypto.generate_rsa_signature(b"m", key, password="test-only"),
        lambda: crypto.rsa_decrypt(b"\0" * 256, key, password="test-only"),
        lambda: crypto.generate_jwt({"sub": "x"}, key, password="test-only"),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"^Invalid Private Key: .*parameters are invalid"):
            call()


def test_missing_or_needless_password(encrypted, rsa2048):
    with pytest.raises(ValueError, match=r"^Invalid Private Key: .*pass password="):
        crypto.generate_rsa_signature(b"m", (encrypted / "pkey_aes256.pem").read_text())
    with pytest.raises(TypeError, match=r"^a password was given, but the private key is not encrypted"):
        crypto.generate_rsa_signature(b"m", rsa2048.text("p8.pem"), password="x")


def test_legacy_encrypted_pem_reads_with_its_password(encrypted, tmp_path):
    key = (encrypted / "legacy.pem").read_text()
    assert "Proc-Type: 4,ENCRYPTED" in key
    public = run("openssl", "pkey", "-in", "legacy.pem", "-passin", "pass:s3cret", "-pubout", cwd=encrypted).decode()
    sig = crypto.generate_rsa_signature(b"m", key, password="s3cret")
    assert crypto.verify_rsa_signature(b"m", sig, public)
    with pytest.raises(ValueError, match=r"^wrong password"):
        crypto.generate_rsa_signature(b"m", key, password="S3cret")
    # Without the password the message says how to make the device's form of it.
    with pytest.raises(ValueError) as info:
        crypto.generate_rsa_signature(b"m", key)
    message = str(info.value)
    assert message.startswith("Invalid Private Key: ") and "Proc-Type: 4,ENCRYPTED" in message
    assert "ucrypto key convert private.pem --out private_pkcs8.pem --passin env:PASS" in message
