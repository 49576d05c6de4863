/*
 * Key DER, strictly: the structures an RSA key comes in, read with mbedTLS's ASN.1 reader
 * plus the rules of DER it leaves to its callers — lengths in their shortest form,
 * INTEGERs without a sign or a redundant leading octet, nothing after a structure's end.
 *
 * These are the structures and rules of the CPython module's readers (RFC 5208/5958
 * PrivateKeyInfo, RFC 8017 RSAPrivateKey and RSAPublicKey, RFC 5280
 * SubjectPublicKeyInfo, and the outer shape of EncryptedPrivateKeyInfo), so that a key
 * one face takes the other takes too. Nothing here allocates.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/asn1.h"
#include "mbedtls/oid.h"

#include "crypto.h"

#define CRYPTO_CONTEXT (0x80)
#define CRYPTO_CLASS_MASK (0xc0)

typedef struct _crypto_der_t {
    unsigned char *p;
    const unsigned char *end;
} crypto_der_t;

static void crypto_der_init(crypto_der_t *d, const byte *der, size_t len) {
    d->p = (unsigned char *)der;
    d->end = der + len;
}

static bool crypto_der_done(const crypto_der_t *d) {
    return d->p == d->end;
}

static bool crypto_der_peek(const crypto_der_t *d, int tag) {
    return d->p < d->end && *d->p == tag;
}

// The next element, whose tag must be `tag` (any tag when negative, but never the
// multi-octet form), with its length in the shortest form; its content in `content`.
static bool crypto_der_next(crypto_der_t *d, int tag, crypto_der_t *content) {
    if (d->p >= d->end || (tag < 0 && (*d->p & 0x1f) == 0x1f)) {
        return false;
    }
    unsigned char *start = d->p;
    size_t len;
    if (mbedtls_asn1_get_tag(&d->p, d->end, &len, tag < 0 ? *d->p : tag) != 0) {
        return false;
    }
    size_t shortest = len < 0x80 ? 2 : len < 0x100 ? 3 : len < 0x10000 ? 4 : len < 0x1000000 ? 5 : 6;
    if ((size_t)(d->p - start) != shortest) {
        return false;
    }
    content->p = d->p;
    content->end = d->p + len;
    d->p += len;
    return true;
}

static void crypto_der_bytes(const crypto_der_t *d, crypto_bytes_t *out) {
    out->p = d->p;
    out->len = d->end - d->p;
}

// A non-negative INTEGER in its shortest form; `value` gets its octets without the sign
// octet (possibly none, for zero).
static bool crypto_der_uint(crypto_der_t *d, crypto_bytes_t *value) {
    crypto_der_t c;
    if (!crypto_der_next(d, MBEDTLS_ASN1_INTEGER, &c)) {
        return false;
    }
    size_t n = c.end - c.p;
    if (n == 0 || (c.p[0] & 0x80) || (n > 1 && c.p[0] == 0 && !(c.p[1] & 0x80))) {
        return false;
    }
    while (c.p < c.end && *c.p == 0) {
        c.p++;
    }
    crypto_der_bytes(&c, value);
    return true;
}

// A version number: an INTEGER of 0 or 1.
static bool crypto_der_version(crypto_der_t *d, int *version) {
    crypto_bytes_t v;
    if (!crypto_der_uint(d, &v) || v.len > 1 || (v.len == 1 && v.p[0] > 1)) {
        return false;
    }
    *version = v.len;
    return true;
}

// An OID as the CPython module reads one (its const-oid crate): 1 to 39 octets, the first
// subidentifier one octet of at most 119 (arcs 0.0 to 2.39), every later arc at most
// 2^32 - 1 (leading 0x80 octets allowed), the last octet ending an arc.
static bool crypto_der_oid(crypto_der_t *d, crypto_bytes_t *oid) {
    crypto_der_t c;
    if (!crypto_der_next(d, MBEDTLS_ASN1_OID, &c) || c.p == c.end || c.end - c.p > CRYPTO_OID_MAX_LEN || *c.p > 119) {
        return false;
    }
    crypto_der_bytes(&c, oid);
    uint32_t arc = 0;
    for (const unsigned char *p = c.p + 1; p < c.end; p++) {
        if (arc > (UINT32_MAX >> 7)) {
            return false;
        }
        arc = (arc << 7) | (*p & 0x7f);
        if (!(*p & 0x80)) {
            arc = 0;
        }
    }
    return !(c.end[-1] & 0x80);
}

// Whether the next element is context-specific [number], in either form.
static bool crypto_der_context(const crypto_der_t *d, int number) {
    return d->p < d->end && (*d->p & CRYPTO_CLASS_MASK) == CRYPTO_CONTEXT && (*d->p & 0x1f) == number;
}

// AlgorithmIdentifier: SEQUENCE { OID, parameters ANY OPTIONAL }.
static bool crypto_der_alg(crypto_der_t *d, crypto_alg_t *alg) {
    crypto_der_t c, params;
    if (!crypto_der_next(d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) || !crypto_der_oid(&c, &alg->oid)) {
        return false;
    }
    alg->params.p = c.p;
    alg->params.len = 0;
    if (!crypto_der_done(&c)) {
        unsigned char *start = c.p;
        if (!crypto_der_next(&c, -1, &params)) {
            return false;
        }
        alg->params.len = c.p - start;
    }
    return crypto_der_done(&c);
}

// A BIT STRING's content: its count of unused bits (0 to 7, and 0 when it has no bits)
// and its octets.
static bool crypto_der_bit_string(crypto_der_t *c, int *unused, crypto_bytes_t *bits) {
    if (c->end - c->p < 1 || *c->p > 7 || (*c->p != 0 && c->end - c->p == 1)) {
        return false;
    }
    *unused = *c->p;
    bits->p = c->p + 1;
    bits->len = c->end - c->p - 1;
    return true;
}

bool crypto_der_pkcs8(const byte *der, size_t len, crypto_pkcs8_t *out) {
    crypto_der_t d, c, field;
    int version;
    crypto_der_init(&d, der, len);
    if (!crypto_der_next(&d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) || !crypto_der_done(&d)
        || !crypto_der_version(&c, &version) || !crypto_der_alg(&c, &out->alg)
        || !crypto_der_next(&c, MBEDTLS_ASN1_OCTET_STRING, &field)) {
        return false;
    }
    crypto_der_bytes(&field, &out->key);
    // [0] attributes (any content), then [1] the public key, only in version 2, then any
    // number of explicitly tagged context-specific fields, each holding one element. The
    // RSA engine's reader takes none of them but the attributes.
    out->engine_refuses = false;
    if (crypto_der_context(&c, 0)) {
        if (!crypto_der_peek(&c, CRYPTO_CONTEXT | MBEDTLS_ASN1_CONSTRUCTED | 0) || !crypto_der_next(&c, -1, &field)) {
            return false;
        }
    }
    bool has_public = crypto_der_context(&c, 1);
    if (has_public) {
        int unused;
        crypto_bytes_t bits;
        if (!crypto_der_peek(&c, CRYPTO_CONTEXT | 1) || !crypto_der_next(&c, -1, &field)
            || !crypto_der_bit_string(&field, &unused, &bits)) {
            return false;
        }
        out->engine_refuses = true;
    }
    if (has_public != (version == 1)) {
        return false;
    }
    while (!crypto_der_done(&c)) {
        crypto_der_t inner;
        if ((*c.p & (CRYPTO_CLASS_MASK | MBEDTLS_ASN1_CONSTRUCTED)) != (CRYPTO_CONTEXT | MBEDTLS_ASN1_CONSTRUCTED)
            || !crypto_der_next(&c, -1, &field) || !crypto_der_next(&field, -1, &inner) || !crypto_der_done(&field)) {
            return false;
        }
        out->engine_refuses = true;
    }
    return true;
}

bool crypto_der_rsa_private(const byte *der, size_t len, crypto_bytes_t numbers[CRYPTO_RSA_PRIVATE_NUMBERS],
    bool *two_prime) {
    crypto_der_t d, c, infos, info;
    int version;
    crypto_der_init(&d, der, len);
    if (!crypto_der_next(&d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) || !crypto_der_done(&d)
        || !crypto_der_version(&c, &version)) {
        return false;
    }
    for (int i = 0; i < CRYPTO_RSA_PRIVATE_NUMBERS; i++) {
        if (!crypto_der_uint(&c, &numbers[i])) {
            return false;
        }
    }
    *two_prime = version == 0;
    if (version == 0) {
        return crypto_der_done(&c);
    }
    // Version 1: otherPrimeInfos, a non-empty SEQUENCE OF { prime, exponent, coefficient }.
    if (!crypto_der_next(&c, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &infos) || !crypto_der_done(&c)
        || crypto_der_done(&infos)) {
        return false;
    }
    while (!crypto_der_done(&infos)) {
        crypto_bytes_t skip;
        if (!crypto_der_next(&infos, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &info)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!crypto_der_uint(&info, &skip)) {
                return false;
            }
        }
        if (!crypto_der_done(&info)) {
            return false;
        }
    }
    return true;
}

bool crypto_der_spki(const byte *der, size_t len, crypto_alg_t *alg, int *unused, crypto_bytes_t *key) {
    crypto_der_t d, c, bits;
    crypto_der_init(&d, der, len);
    return crypto_der_next(&d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) && crypto_der_done(&d)
           && crypto_der_alg(&c, alg) && crypto_der_next(&c, MBEDTLS_ASN1_BIT_STRING, &bits) && crypto_der_done(&c)
           && crypto_der_bit_string(&bits, unused, key);
}

bool crypto_der_rsa_public(const byte *der, size_t len, crypto_bytes_t numbers[2]) {
    crypto_der_t d, c;
    crypto_der_init(&d, der, len);
    return crypto_der_next(&d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) && crypto_der_done(&d)
           && crypto_der_uint(&c, &numbers[0]) && crypto_der_uint(&c, &numbers[1]) && crypto_der_done(&c);
}

bool crypto_der_encrypted(const byte *der, size_t len) {
    crypto_der_t d, c, data;
    crypto_alg_t alg;
    crypto_der_init(&d, der, len);
    return crypto_der_next(&d, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, &c) && crypto_der_done(&d)
           && crypto_der_alg(&c, &alg) && crypto_der_next(&c, MBEDTLS_ASN1_OCTET_STRING, &data) && crypto_der_done(&c);
}
