"""RS256 signatures and PKCS#1 v1.5 encryption against the openssl CLI and pyca/cryptography;
key forms, both keyword spellings, limits, and the exceptions for keys we cannot use."""

import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import crypto

JWT = ("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
       "LmNvbS9pc19yb290Ijp0cnVlfQ")


def pyca_private(keys):
    return serialization.load_pem_private_key(keys.raw("p8.pem"), password=None)


@pytest.mark.parametrize("form", ["p8.pem", "p1.pem", "p8.der"])
def test_signature_equals_openssl_and_pyca(rsa2048, form):
    key = rsa2048.raw(form) if form.endswith("der") else rsa2048.text(form)
    ours = crypto.generate_rsa_signature(JWT, key, pers="my_pers_string")
    assert type(ours) is bytes and len(ours) == 256
    rsa2048.path("msg").write_text(JWT)
    theirs = subprocess.run(["openssl", "dgst", "-sha256", "-sign", "p8.pem", "msg"], cwd=rsa2048.dir,
                            capture_output=True, check=True).stdout
    assert ours == theirs
    assert ours == pyca_private(rsa2048).sign(JWT.encode(), padding.PKCS1v15(), hashes.SHA256())


def test_signature_4096(rsa4096):
    sig = crypto.generate_rsa_signature(b"m", rsa4096.text("p8.pem"))
    assert sig == pyca_private(rsa4096).sign(b"m", padding.PKCS1v15(), hashes.SHA256())


def test_pers_is_keyword_only_and_never_changes_the_result(rsa2048):
    pem = rsa2048.text("p8.pem")
    base = crypto.generate_rsa_signature("m", pem)
    assert crypto.generate_rsa_signature("m", pem, pers="other") == base
    assert crypto.generate_rsa_signature("m", pem, pers=b"bytes too") == base
    with pytest.raises(TypeError):
        crypto.generate_rsa_signature("m", pem, "positional pers")
    with pytest.raises(TypeError, match="^pers must be str, bytes or bytearray$"):
        crypto.generate_rsa_signature("m", pem, pers=5)


def test_every_byte_is_signed_unlike_the_device(rsa2048):
    pem = rsa2048.text("p8.pem")
    assert crypto.generate_rsa_signature(b"abc\x00def", pem) != crypto.generate_rsa_signature(b"abc", pem)
    public = pyca_private(rsa2048).public_key()
    public.verify(crypto.generate_rsa_signature(b"abc\x00def", pem), b"abc\x00def", padding.PKCS1v15(), hashes.SHA256())


def test_str_message_is_utf8(rsa2048):
    pem = rsa2048.text("p8.pem")
    assert crypto.generate_rsa_signature("héllo", pem) == crypto.generate_rsa_signature("héllo".encode(), pem)
    assert crypto.generate_rsa_signature(bytearray(b"x"), memoryview(pem.encode())) == \
        crypto.generate_rsa_signature(b"x", pem)


@pytest.mark.parametrize("public", ["spki.pem", "p1pub.pem"])
def test_encrypt_decrypts_with_pyca_and_openssl(rsa2048, public):
    msg = b"this is a secret message, it needs to be encrypted"
    ct = crypto.rsa_encrypt(msg, rsa2048.text(public))
    assert len(ct) == 256 and ct != crypto.rsa_encrypt(msg, rsa2048.text(public))
    assert pyca_private(rsa2048).decrypt(ct, padding.PKCS1v15()) == msg
    rsa2048.path("ct.bin").write_bytes(ct)
    plain = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", "p8.pem", "-in", "ct.bin"],
                           cwd=rsa2048.dir, capture_output=True, check=True).stdout
    assert plain == msg


@pytest.mark.parametrize("private", ["p8.pem", "p1.pem"])
def test_decrypts_what_pyca_encrypts(rsa2048, private):
    ct = pyca_private(rsa2048).public_key().encrypt(b"from pyca", padding.PKCS1v15())
    assert crypto.rsa_decrypt(ct, rsa2048.text(private)) == b"from pyca"


def test_both_keyword_spellings(rsa2048):
    pub, priv = rsa2048.text("spki.pem"), rsa2048.text("p8.pem")
    ct1 = crypto.rsa_encrypt(message=b"a", public_key=pub)
    ct2 = crypto.rsa_encrypt(message=b"a", key=pub)
    assert crypto.rsa_decrypt(message=ct1, private_key=priv) == b"a"
    assert crypto.rsa_decrypt(message=ct2, key=priv) == b"a"
    assert crypto.rsa_decrypt(ct1, priv) == b"a"
    with pytest.raises(TypeError, match="missing required argument 'public_key'"):
        crypto.rsa_encrypt(b"a")
    with pytest.raises(TypeError, match="either private_key= or key="):
        crypto.rsa_decrypt(ct1, priv, key=priv)


@pytest.mark.parametrize("keys_name, limit", [("rsa2048", 245), ("rsa4096", 501)])
def test_message_limit(request, keys_name, limit):
    keys = request.getfixturevalue(keys_name)
    pub, priv = keys.text("spki.pem"), keys.text("p8.pem")
    assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"L" * limit, pub), priv) == b"L" * limit
    # short messages work with big keys too (the device's buffer bug is not reproduced)
    assert crypto.rsa_decrypt(crypto.rsa_encrypt(b"hi", pub), priv) == b"hi"
    with pytest.raises(RuntimeError, match=rf"^Encrypt failed: the message is {limit + 1} bytes but this key "
                                           rf"takes at most {limit} bytes"):
        crypto.rsa_encrypt(b"L" * (limit + 1), pub)


def test_decrypt_failures_are_uniform(rsa2048):
    priv = rsa2048.text("p8.pem")
    good = crypto.rsa_encrypt(b"x", rsa2048.text("spki.pem"))
    n = pyca_private(rsa2048).public_key().public_numbers().n
    flipped = bytearray(good)
    flipped[50] ^= 0x40
    bad = [b"", b"\x00" * 255, b"\x00" * 256, b"\xff" * 256, b"\x00" * 257, n.to_bytes(256, "big"),
           bytes(flipped), good[:-1], "not bytes at all"]
    # a ciphertext that decrypts to something with broken padding, made with the raw key
    for ct in bad:
        with pytest.raises(RuntimeError) as info:
            crypto.rsa_decrypt(ct, priv)
        assert str(info.value) == "Decrypt failed" and type(info.value) is RuntimeError


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("small", r"is 1024 bits, shorter than the smallest accepted size of 2048 bits"),
        ("ec", r"not an RSA key \(algorithm OID 1\.2\.840\.10045\.2\.1, EC\)"),
        ("enc", r"encrypted with a passphrase \(BEGIN ENCRYPTED PRIVATE KEY\); pass password=, or export "
                r"it unencrypted with `openssl pkey"),
        ("des3", r"Proc-Type: 4,ENCRYPTED.*pass password=, or convert it .*`ucrypto key convert private\.pem"),
    ],
)
def test_unusable_private_keys_explain_themselves(bad_keys, name, fragment):
    for call in (lambda k: crypto.generate_rsa_signature("m", k), lambda k: crypto.rsa_decrypt(b"\0" * 256, k)):
        with pytest.raises(ValueError, match=r"^Invalid Private Key: .*" + fragment):
            call(bad_keys[name])


def test_wrong_kind_of_key(rsa2048):
    with pytest.raises(ValueError, match=r"^Invalid Private Key: this is a public key"):
        crypto.generate_rsa_signature("m", rsa2048.text("spki.pem"))
    with pytest.raises(ValueError, match=r"^Invalid public key: this is a private key"):
        crypto.rsa_encrypt(b"m", rsa2048.text("p8.pem"))
    with pytest.raises(ValueError, match=r"^Invalid public key: .*truncated|^Invalid public key: the PEM block is damaged"):
        crypto.rsa_encrypt(b"m", rsa2048.text("spki.pem")[:200])
    with pytest.raises(ValueError, match=r"^Invalid Private Key: no PEM block .* pass the key file's contents"):
        crypto.generate_rsa_signature("m", "cert/private_key_pkcs8.pem")


def test_errors_never_echo_key_material(bad_keys, rsa2048):
    pem = rsa2048.text("p8.pem")
    body = pem.splitlines()[5]
    truncated = pem[: len(pem) // 2]
    for key in (truncated, pem.replace("PRIVATE KEY", "CERTIFICATE"), bad_keys["small"]):
        with pytest.raises(ValueError) as info:
            crypto.generate_rsa_signature("m", key)
        assert body[:16] not in str(info.value)
