"""The Pycom MicroPython ``crypto`` module for CPython, implemented in Rust.

Native support for cryptographic algorithms, loosely based on PyCrypto: random bytes, the
``AES`` class, RS256 signatures and RSA encryption. Importable as ``ucrypto`` and as
``crypto`` (the same module object).

Cryptography is not a trivial business: none of the AES modes authenticates data, and
PKCS#1 v1.5 encryption is a legacy scheme. See the security notes in the documentation
(docs/security.md).
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, ClassVar, Literal, Union, final

from typing_extensions import Buffer

_Data = Union[Buffer, str]
"""Any object with the buffer protocol, or ``str`` (taken as its UTF-8 bytes)."""

_Padding = Literal["pkcs1v15", "oaep"]

__all__ = [
    "AES",
    "generate_rsa_signature",
    "getrandbits",
    "rsa_decrypt",
    "rsa_encrypt",
    "InvalidTokenError",
    "generate_jwt",
    "generate_rsa_keypair",
    "verify_jwt",
    "verify_rsa_signature",
]

__version__: str
"""The package's version (the Rust workspace's)."""

@final
class AES:
    """AES(key, mode=AES.MODE_ECB, IV=None, counter=None, segment_size=8)

    Advanced Encryption Standard cipher object (its type is named ``AESCipher``, as on the
    device). ``key`` is 16, 24 or 32 bytes. ``IV`` (16 bytes) is required for CBC and CFB;
    ``counter`` (the whole 16-byte initial counter block) for CTR. ``segment_size`` (8 or
    128) selects CFB8 or CFB128.

    The chaining state carries over between calls, and ``encrypt`` and ``decrypt`` share
    it: use one object per direction.

    Raises ``ValueError`` with the device's messages for bad arguments, and (unlike the
    device, which silently uses zeros) when an IV or counter is missing.
    """

    MODE_ECB: ClassVar[int]
    """Electronic codebook: each block on its own. Leaks equal blocks."""
    MODE_CBC: ClassVar[int]
    """Cipher block chaining; input must be a multiple of 16 bytes, no padding is added."""
    MODE_CFB: ClassVar[int]
    """Cipher feedback, 8-bit (default) or 128-bit segments; any length."""
    MODE_CTR: ClassVar[int]
    """Counter mode; the counter block is one 128-bit big-endian integer; any length."""
    SEGMENT_8: ClassVar[int]
    """CFB segment size of 8 bits (CFB8)."""
    SEGMENT_128: ClassVar[int]
    """CFB segment size of 128 bits (CFB128)."""

    def __new__(
        cls,
        key: _Data,
        mode: int = 1,
        IV: _Data | None = None,
        counter: _Data | None = None,
        segment_size: int = 8,
    ) -> AES: ...
    def encrypt(self, data: _Data) -> bytes:
        """Encrypt ``data`` and advance the chaining state.

        ECB and CBC input must be a multiple of 16 bytes in length (``ValueError``
        otherwise, with the object unchanged).
        """
    def decrypt(self, data: _Data) -> bytes:
        """Decrypt ``data`` and advance the chaining state (shared with ``encrypt``)."""

def getrandbits(bits: int) -> bytes:
    """Return a bytes object filled with random bits from the operating system's CSPRNG.

    ``bits`` is rounded upwards to the nearest multiple of 32 bits: ``getrandbits(1)`` is 4
    bytes, ``getrandbits(0)`` is ``b''``. A negative ``bits`` raises ``ValueError``.
    """

def generate_rsa_signature(
    message: _Data,
    private_key: _Data,
    *,
    pers: str | bytes | None = None,
    password: _Data | None = None,
) -> bytes:
    """Generate an RS256 signature (RSASSA-PKCS1-v1_5 with SHA-256) of ``message``.

    ``private_key`` is the content of the key (not its path): PEM PKCS#8 (``BEGIN PRIVATE
    KEY``) or PKCS#1 (``BEGIN RSA PRIVATE KEY``), or the same in DER, 2048 to 8192 bits.
    ``pers`` is the device's personalisation string for its random generator (the device's
    default is ``"esp32-tls"``); RS256 is deterministic, so it never changes the result. Every byte of ``message`` is signed
    (the device stops at the first NUL).

    Extension: ``password`` decrypts an encrypted key: PKCS#8 (``BEGIN ENCRYPTED PRIVATE
    KEY``) or OpenSSL's legacy encrypted PEM (``Proc-Type: 4,ENCRYPTED``); a wrong one raises
    ``ValueError("wrong password: ...")``, and a password for a key that is not encrypted
    raises ``TypeError``.

    Raises ``ValueError("Invalid Private Key: ...")`` saying what is wrong with the key.
    """

def rsa_encrypt(
    message: _Data,
    public_key: _Data | None = None,
    *,
    key: _Data | None = None,
    padding: _Padding = "pkcs1v15",
) -> bytes:
    """Encrypt ``message`` with the recipient's RSA public key (RSAES-PKCS1-v1_5).

    ``public_key`` (the device's keyword is ``key``) is the content of a ``BEGIN PUBLIC
    KEY`` or ``BEGIN RSA PUBLIC KEY`` PEM, 2048 to 8192 bits. The message may be at most
    modulus bytes - 11 long (245 for 2048 bits); longer raises
    ``RuntimeError("Encrypt failed: ...")``. Each call gives a different ciphertext.

    Extension: ``padding="oaep"`` uses RSAES-OAEP with SHA-256 and MGF1-SHA-256 (at most
    modulus bytes - 66), which resists chosen-ciphertext attacks; the device cannot
    decrypt it.
    """

def rsa_decrypt(
    message: _Data,
    private_key: _Data | None = None,
    *,
    key: _Data | None = None,
    padding: _Padding = "pkcs1v15",
    password: _Data | None = None,
) -> bytes:
    """Decrypt ``message`` with the RSA private key (RSAES-PKCS1-v1_5).

    ``private_key`` (the device's keyword is ``key``) is the content of the key file. Any
    ciphertext that does not decrypt raises ``RuntimeError("Decrypt failed")``, the same for
    every cause. Check the plaintext's integrity yourself (e.g. a signature or MAC).

    Extensions: ``padding="oaep"`` (see ``rsa_encrypt``) and ``password`` (see
    ``generate_rsa_signature``).
    """

def verify_rsa_signature(message: _Data, signature: _Data, public_key: _Data) -> bool:
    """Extension: whether ``signature`` is a valid RS256 signature of ``message``.

    ``False`` for any signature that does not verify (wrong length, wrong key, tampered);
    ``ValueError("Invalid public key: ...")`` only for a key that cannot be used.
    """

def generate_rsa_keypair(bits: int = 2048) -> tuple[str, str]:
    """Extension: a new RSA key pair as ``(private_pem, public_pem)`` text.

    PKCS#8 (``BEGIN PRIVATE KEY``) and SubjectPublicKeyInfo (``BEGIN PUBLIC KEY``), which
    ``generate_rsa_signature``, ``rsa_encrypt``, ``rsa_decrypt``, the device and openssl
    accept. ``bits`` is 2048, 3072, 4096 or 8192; anything else raises ``ValueError``.
    """

class InvalidTokenError(ValueError):
    """Extension: a JSON Web Token that fails a check (form, algorithm, signature or a
    claim). The message says which; a bad signature and a bad claim differ only there."""

def generate_jwt(
    claims: Mapping[str, Any],
    private_key: _Data,
    *,
    password: _Data | None = None,
    headers: Mapping[str, Any] | None = None,
) -> str:
    """Extension: an RS256 JWT over ``claims`` in RFC 7515 compact form.

    The header is ``{"alg": "RS256", "typ": "JWT"}`` plus ``headers`` (e.g. ``{"kid": ...}``;
    ``alg`` cannot be changed). ``datetime`` values of ``exp``, ``iat`` and ``nbf`` become
    seconds since the epoch, as in PyJWT. ``private_key`` and ``password`` as in
    ``generate_rsa_signature``.
    """

def verify_jwt(
    token: _Data,
    public_key: _Data | Mapping[str, Any],
    *,
    audience: str | Iterable[str] | None = None,
    issuer: str | None = None,
    leeway: float | timedelta = 0,
    require: Iterable[str] = ...,  # ("exp",): inspect cannot show a one-tuple default
    strict: bool = False,
) -> dict[str, Any]:
    """Extension: check an RS256 JWT and return its claims.

    ``public_key`` is key text (PEM or DER), or a dict holding a JWK or a JWKS (the key is
    then picked by the token's ``kid``). The policy is PyJWT's, stricter where PyJWT is lax:
    only RS256; ``exp``, ``nbf`` and ``iat`` are checked (with ``leeway`` seconds); a token
    with ``aud`` is refused unless ``audience`` accepts it; ``issuer`` must match; every
    claim in ``require`` must be present. Tokens written by Pycom's device library (padded
    standard base64 with newlines) verify as sent unless ``strict=True``.

    Raises ``InvalidTokenError`` (a ``ValueError``) saying what is wrong.
    """
