# On the Pico W's firmware, whose `tls` is built on the same mbedTLS as the module: the
# module's switches (CFB, CTR, base64) reach that library without breaking `tls`, and both
# work side by side. A TLS 1.2 handshake between a client and a server in this one program,
# over two in-memory pipes, with keys.py's key and a certificate for it, both in DER as
# MicroPython's `tls` takes them (its mbedTLS reads no PEM): run.py has openssl make
# CERT_DER and KEY_DER and puts them, keys.py and harness.py in front.
import io

import crypto
import tls


class Pipe(io.IOBase):
    """One direction of an in-memory connection: reads return None (would block) when empty."""

    def __init__(self):
        self.data = bytearray()

    def readinto(self, buf):
        if not self.data:
            return None
        n = min(len(buf), len(self.data))
        buf[:n] = self.data[:n]
        self.data = self.data[n:]
        return n

    def write(self, buf):
        self.data += buf
        return len(buf)


class End(io.IOBase):
    """One end of the connection: reads from one pipe, writes to the other."""

    def __init__(self, incoming, outgoing):
        self.incoming, self.outgoing = incoming, outgoing

    def readinto(self, buf):
        return self.incoming.readinto(buf)

    def write(self, buf):
        return self.outgoing.write(buf)

    def ioctl(self, request, arg):
        return 0  # closing and polling: nothing to do in memory


@test
def tls_handshake_with_a_key_and_certificate():
    server_ctx = tls.SSLContext(tls.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(CERT_DER, KEY_DER)
    client_ctx = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
    client_ctx.load_verify_locations(CERT_DER)
    # The emulated board's clock is not set: the certificate's dates cannot be checked.
    client_ctx.verify_mode = tls.CERT_NONE
    to_server, to_client = Pipe(), Pipe()
    client = client_ctx.wrap_socket(End(to_client, to_server), do_handshake_on_connect=False)
    server = server_ctx.wrap_socket(End(to_server, to_client), server_side=True, do_handshake_on_connect=False)
    sent, got, written = b"temperature=21.5", b"", False
    for _ in range(200):
        if not written:
            # None: the handshake is waiting for the server's answer.
            written = client.write(sent) is not None
        data = server.read(64)
        if data:
            got += data
        if got == sent:
            break
    assert got == sent, got
    suite, version = client.cipher()
    assert version == "TLSv1.2" and "RSA" in suite, client.cipher()


@test
def crypto_beside_tls():
    cfb = crypto.AES(b"pycomisthekey...", crypto.AES.MODE_CFB, b"thisisthetestIV ", segment_size=128)
    ct = cfb.encrypt(b"temperature=21.5")
    assert crypto.AES(b"pycomisthekey...", crypto.AES.MODE_CFB, b"thisisthetestIV ", segment_size=128).decrypt(ct) == b"temperature=21.5"
    # A PEM public key, read through the base64 the module switches on in that library.
    assert len(crypto.rsa_encrypt(b"key", SPKI)) == 256


run_tests("Pico W")
