/*
 * Reading an RSA key, and saying precisely why one cannot be used.
 *
 * mbedTLS does all the decoding (PEM, base64, ASN.1, the key structures). This file only
 * picks which PEM block to give it, the way the CPython module does (the first block with
 * a key of the wanted kind, else a key of the other kind, else the first block), and turns
 * mbedTLS's answers into the CPython module's reasons. Nothing here raises: the caller
 * wipes and frees, then raises.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/asn1.h"
#include "mbedtls/bignum.h"
#include "mbedtls/oid.h"
#include "mbedtls/pem.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/rsa.h"

#include "crypto.h"

// At most this many characters of a rejected PEM label are repeated in a message.
#define CRYPTO_LABEL_ECHO (40)

// The algorithm OID of EC keys (id-ecPublicKey), with its name as messages give it.
#define CRYPTO_EC_OID_NAMED "1.2.840.10045.2.1, EC"

static const char crypto_begin[] = "-----BEGIN ";
static const char crypto_end[] = "-----END ";
static const char crypto_dashes[] = "-----";

// A PEM block of the input: from its BEGIN line to the end of its END line (or of the
// input, when the END line is missing), and its label.
typedef struct _crypto_pem_block_t {
    const byte *start;
    size_t len;
    const byte *label;
    size_t label_len;
} crypto_pem_block_t;

static const byte *crypto_find(const byte *hay, size_t hay_len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; n <= hay_len && i <= hay_len - n; i++) {
        if (memcmp(hay + i, needle, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

static bool crypto_label_is(const crypto_pem_block_t *b, const char *label) {
    return b->label_len == strlen(label) && memcmp(b->label, label, b->label_len) == 0;
}

static bool crypto_label_is_public(const crypto_pem_block_t *b) {
    return crypto_label_is(b, "PUBLIC KEY") || crypto_label_is(b, "RSA PUBLIC KEY");
}

static bool crypto_label_is_private(const crypto_pem_block_t *b) {
    return crypto_label_is(b, "PRIVATE KEY") || crypto_label_is(b, "RSA PRIVATE KEY")
           || crypto_label_is(b, "ENCRYPTED PRIVATE KEY") || crypto_label_is(b, "EC PRIVATE KEY");
}

// The PEM block at or after `from`; false when there is none.
static bool crypto_next_block(const byte *from, const byte *input_end, crypto_pem_block_t *b) {
    const byte *start = crypto_find(from, input_end - from, crypto_begin);
    if (start == NULL) {
        return false;
    }
    size_t rest = input_end - start;
    const byte *label = start + strlen(crypto_begin);
    const byte *label_end = crypto_find(label, input_end - label, crypto_dashes);
    b->start = start;
    b->label = label;
    b->label_len = label_end == NULL ? 0 : (size_t)(label_end - label);
    b->len = rest;
    const byte *end = crypto_find(start, rest, crypto_end);
    if (end != NULL) {
        const byte *after = end + strlen(crypto_end);
        const byte *dashes = crypto_find(after, input_end - after, crypto_dashes);
        if (dashes != NULL) {
            b->len = dashes + strlen(crypto_dashes) - start;
        }
    }
    return true;
}

// Picks the block to read; false when the input holds no PEM block (so it is DER).
static bool crypto_pick_block(const byte *key, size_t len, bool private_key, crypto_pem_block_t *picked) {
    const byte *end = key + len;
    crypto_pem_block_t b;
    bool any = false, other = false;
    for (const byte *at = key; crypto_next_block(at, end, &b);) {
        bool is_private = crypto_label_is_private(&b);
        bool is_public = crypto_label_is_public(&b);
        if ((private_key && is_private) || (!private_key && is_public)) {
            *picked = b;
            return true;
        }
        if (!other && (is_private || is_public)) {
            *picked = b;
            other = true;
        } else if (!any && !other) {
            *picked = b;
        }
        any = true;
        size_t step = b.len > strlen(crypto_begin) ? b.len : strlen(crypto_begin);
        at = b.start + step;
    }
    return any;
}

// The label as messages repeat it: clipped, and only if it is printable ASCII (as RFC 7468
// labels are); false otherwise.
static bool crypto_echo_label(const crypto_pem_block_t *b, crypto_failure_t *f) {
    size_t n = b->label_len < CRYPTO_LABEL_ECHO ? b->label_len : CRYPTO_LABEL_ECHO;
    for (size_t i = 0; i < b->label_len; i++) {
        if (b->label[i] < 0x20 || b->label[i] > 0x7e) {
            return false;
        }
    }
    memcpy(f->detail, b->label, n);
    strcpy(f->detail + n, b->label_len > CRYPTO_LABEL_ECHO ? "..." : "");
    return true;
}

// Names an algorithm OID for messages: "1.2.3, Name" when we know its name.
static void crypto_name_oid(const mbedtls_asn1_buf *oid, crypto_failure_t *f) {
    static const char *const names[][2] = {
        { "1.2.840.10045.2.1", "EC" },
        { "1.3.101.112", "Ed25519" },
        { "1.3.101.113", "Ed448" },
        { "1.3.101.110", "X25519" },
        { "1.2.840.10040.4.1", "DSA" },
        { "1.2.840.113549.1.1.10", "RSASSA-PSS" },
    };
    int n = mbedtls_oid_get_numeric_string(f->detail, sizeof(f->detail), oid);
    if (n <= 0) {
        strcpy(f->detail, "unknown");
        return;
    }
    for (size_t i = 0; i < MP_ARRAY_SIZE(names); i++) {
        if (strcmp(f->detail, names[i][0]) == 0 && (size_t)n + strlen(names[i][1]) + 3 <= sizeof(f->detail)) {
            strcat(f->detail, ", ");
            strcat(f->detail, names[i][1]);
        }
    }
}

// The algorithm OID of a PKCS#8 PrivateKeyInfo or a SubjectPublicKeyInfo, for a key
// mbedTLS does not know; false when the DER holds neither.
static bool crypto_algorithm_oid(const byte *der, size_t len, crypto_failure_t *f) {
    unsigned char *p = (unsigned char *)der;
    const unsigned char *end = der + len;
    size_t seq_len;
    if (mbedtls_asn1_get_tag(&p, end, &seq_len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) {
        return false;
    }
    end = p + seq_len;
    if (p < end && *p == MBEDTLS_ASN1_INTEGER) {
        int version;
        if (mbedtls_asn1_get_int(&p, end, &version) != 0) {
            return false;
        }
    }
    mbedtls_asn1_buf oid, params;
    if (mbedtls_asn1_get_alg(&p, end, &oid, &params) != 0) {
        return false;
    }
    crypto_name_oid(&oid, f);
    return true;
}

// The size in bits of the ASN.1 INTEGER whose content is at *p (len bytes).
static size_t crypto_integer_bits(const unsigned char *p, size_t len) {
    while (len > 0 && *p == 0) {
        p++;
        len--;
    }
    size_t bits = len * 8;
    for (unsigned char top = len > 0 ? *p : 0x80; bits > 0 && !(top & 0x80); top <<= 1) {
        bits--;
    }
    return bits;
}

// The modulus size of RSA key DER in any of its four structures (PKCS#8, PKCS#1 private,
// SubjectPublicKeyInfo, PKCS#1 public), read with mbedTLS's ASN.1 reader; 0 if it has
// none. Used only for the message about keys too large for mbedTLS to read at all.
static size_t crypto_modulus_bits(const byte *der, size_t len, int depth) {
    unsigned char *p = (unsigned char *)der;
    const unsigned char *end = der + len;
    size_t n;
    if (depth > 2 || mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0) {
        return 0;
    }
    end = p + n;
    mbedtls_asn1_buf alg, params;
    if (p < end && *p == (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
        // SubjectPublicKeyInfo: the algorithm, then PKCS#1 public in a BIT STRING.
        if (mbedtls_asn1_get_alg(&p, end, &alg, &params) != 0 || mbedtls_asn1_get_bitstring_null(&p, end, &n) != 0) {
            return 0;
        }
        return crypto_modulus_bits(p, n, depth + 1);
    }
    if (mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_INTEGER) != 0) {
        return 0;
    }
    if (n > 2) {
        // PKCS#1 public: the modulus comes first.
        return crypto_integer_bits(p, n);
    }
    p += n; // a version number
    if (p < end && *p == (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)) {
        // PKCS#8: the algorithm, then PKCS#1 private in an OCTET STRING.
        if (mbedtls_asn1_get_alg(&p, end, &alg, &params) != 0
            || mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_OCTET_STRING) != 0) {
            return 0;
        }
        return crypto_modulus_bits(p, n, depth + 1);
    }
    // PKCS#1 private: the modulus follows the version.
    if (mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_INTEGER) != 0) {
        return 0;
    }
    return crypto_integer_bits(p, n);
}

static bool crypto_fail(crypto_failure_t *f, crypto_key_problem_t problem, int err) {
    f->problem = problem;
    f->err = err;
    return false;
}

// Why mbedTLS refused key DER that it was given as the wanted kind. Its DER parsers
// answer only "invalid format", so a key of another algorithm is recognised here by the
// algorithm OID of its PKCS#8 or SubjectPublicKeyInfo wrapping.
static bool crypto_refused(const byte *der, size_t len, int err, crypto_failure_t *f, bool from_pem) {
    static const char rsa_oid[] = "1.2.840.113549.1.1.1";
    int low = -((-err) & 0x007F);
    if (low == MBEDTLS_ERR_MPI_ALLOC_FAILED || low == MBEDTLS_ERR_ASN1_ALLOC_FAILED
        || err == MBEDTLS_ERR_PK_ALLOC_FAILED) {
        f->err = err;
        return false;
    }
    if (err == MBEDTLS_ERR_PK_PASSWORD_REQUIRED || err == MBEDTLS_ERR_PK_PASSWORD_MISMATCH) {
        return crypto_fail(f, f->private_key ? CRYPTO_KEY_ENCRYPTED_PKCS8 : CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
    }
    // mbedTLS refuses a modulus wider than MBEDTLS_MPI_MAX_SIZE while reading the key.
    f->bits = crypto_modulus_bits(der, len, 0);
    if (f->bits > CRYPTO_RSA_MAX_BITS) {
        return crypto_fail(f, CRYPTO_KEY_TOO_LARGE, 0);
    }
    if (crypto_algorithm_oid(der, len, f) && strcmp(f->detail, rsa_oid) != 0) {
        // An EncryptedPrivateKeyInfo starts like the others, with its encryption scheme
        // (PKCS#5 or PKCS#12) where a key has its algorithm.
        if (strncmp(f->detail, "1.2.840.113549.1.5.", 19) == 0 || strncmp(f->detail, "1.2.840.113549.1.12.", 20) == 0) {
            return crypto_fail(f, f->private_key ? CRYPTO_KEY_ENCRYPTED_PKCS8 : CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
        }
        return crypto_fail(f, CRYPTO_KEY_NOT_RSA, 0);
    }
    f->detail[0] = '\0';
    return crypto_fail(f, from_pem ? CRYPTO_KEY_MALFORMED_DER : CRYPTO_KEY_NOT_PEM_OR_DER, 0);
}

static int crypto_parse_der(mbedtls_pk_context *pk, const byte *der, size_t len, bool private_key,
    mbedtls_ctr_drbg_context *drbg) {
    if (private_key) {
        return mbedtls_pk_parse_key(pk, der, len, NULL, 0, mbedtls_ctr_drbg_random, drbg);
    }
    return mbedtls_pk_parse_public_key(pk, der, len);
}

// Reads key DER of the wanted kind; for raw DER (not from PEM), tells a key of the other
// kind apart from bytes that are no key at all.
static bool crypto_load_der(mbedtls_pk_context *pk, const byte *der, size_t len, bool from_pem,
    mbedtls_ctr_drbg_context *drbg, crypto_failure_t *f) {
    int err = crypto_parse_der(pk, der, len, f->private_key, drbg);
    if (err == 0) {
        return true;
    }
    if (!from_pem) {
        mbedtls_pk_context other;
        mbedtls_pk_init(&other);
        int other_err = crypto_parse_der(&other, der, len, !f->private_key, drbg);
        mbedtls_pk_free(&other);
        if (other_err == 0) {
            return crypto_fail(f, f->private_key ? CRYPTO_KEY_PUBLIC_FOR_PRIVATE : CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
        }
    }
    return crypto_refused(der, len, err, f, from_pem);
}

// Decodes the picked PEM block with mbedTLS and reads the key in it.
static bool crypto_load_pem(mbedtls_pk_context *pk, const crypto_pem_block_t *b,
    mbedtls_ctr_drbg_context *drbg, crypto_failure_t *f) {
    // OpenSSL's legacy encryption (openssl genrsa -des3) is told by its headers.
    if (crypto_find(b->start, b->len, "Proc-Type:") != NULL && crypto_find(b->start, b->len, "ENCRYPTED") != NULL) {
        return crypto_fail(f, f->private_key ? CRYPTO_KEY_ENCRYPTED_LEGACY_PEM : CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
    }
    if (b->label_len == 0 || !crypto_echo_label(b, f)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_PEM, 0);
    }
    // mbedTLS reads PEM as a C string: the block and its header and footer lines, each
    // with a terminating NUL.
    size_t lines_len = 2 * b->label_len + sizeof(crypto_begin) + sizeof(crypto_end) + 2 * strlen(crypto_dashes);
    char *lines = m_new_maybe(char, lines_len);
    byte *text = m_new_maybe(byte, b->len + 1);
    bool ok = false;
    if (lines == NULL || text == NULL) {
        f->no_memory = true;
    } else {
        char *header = lines;
        char *footer = lines + strlen(crypto_begin) + b->label_len + strlen(crypto_dashes) + 1;
        memcpy(header, crypto_begin, strlen(crypto_begin));
        memcpy(header + strlen(crypto_begin), b->label, b->label_len);
        strcpy(header + strlen(crypto_begin) + b->label_len, crypto_dashes);
        memcpy(footer, crypto_end, strlen(crypto_end));
        memcpy(footer + strlen(crypto_end), b->label, b->label_len);
        strcpy(footer + strlen(crypto_end) + b->label_len, crypto_dashes);
        memcpy(text, b->start, b->len);
        text[b->len] = '\0';

        mbedtls_pem_context pem;
        mbedtls_pem_init(&pem);
        size_t used;
        int err = mbedtls_pem_read_buffer(&pem, header, footer, text, NULL, 0, &used);
        size_t der_len;
        const byte *der = err == 0 ? mbedtls_pem_get_buffer(&pem, &der_len) : NULL;
        if (err == MBEDTLS_ERR_PEM_ALLOC_FAILED) {
            f->err = err;
        } else if (der == NULL) {
            crypto_fail(f, CRYPTO_KEY_MALFORMED_PEM, 0);
        } else if (crypto_label_is(b, "EC PRIVATE KEY")) {
            strcpy(f->detail, CRYPTO_EC_OID_NAMED);
            crypto_fail(f, CRYPTO_KEY_NOT_RSA, 0);
        } else if (crypto_label_is(b, "ENCRYPTED PRIVATE KEY")) {
            crypto_fail(f, f->private_key ? CRYPTO_KEY_ENCRYPTED_PKCS8 : CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
        } else if (crypto_label_is_private(b) && !f->private_key) {
            crypto_fail(f, CRYPTO_KEY_PRIVATE_FOR_PUBLIC, 0);
        } else if (crypto_label_is_public(b) && f->private_key) {
            crypto_fail(f, CRYPTO_KEY_PUBLIC_FOR_PRIVATE, 0);
        } else if (!crypto_label_is_private(b) && !crypto_label_is_public(b)) {
            crypto_fail(f, CRYPTO_KEY_UNEXPECTED_LABEL, 0);
        } else {
            ok = crypto_load_der(pk, der, der_len, true, drbg, f);
        }
        mbedtls_pem_free(&pem);
    }
    if (lines != NULL) {
        m_del(char, lines, lines_len);
    }
    if (text != NULL) {
        mbedtls_platform_zeroize(text, b->len + 1);
        m_del(byte, text, b->len + 1);
    }
    return ok;
}

// The checks every key passes once mbedTLS has read it: RSA, of a size we accept, and
// (for a private key) numbers that agree with each other.
static bool crypto_check_key(mbedtls_pk_context *pk, crypto_failure_t *f) {
    mbedtls_pk_type_t type = mbedtls_pk_get_type(pk);
    if (type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECKEY_DH || type == MBEDTLS_PK_ECDSA) {
        strcpy(f->detail, CRYPTO_EC_OID_NAMED);
        return crypto_fail(f, CRYPTO_KEY_NOT_RSA, 0);
    }
    if (type != MBEDTLS_PK_RSA) {
        strcpy(f->detail, "unknown");
        return crypto_fail(f, CRYPTO_KEY_NOT_RSA, 0);
    }
    f->bits = mbedtls_pk_get_bitlen(pk);
    if (f->bits < CRYPTO_RSA_MIN_BITS) {
        return crypto_fail(f, CRYPTO_KEY_TOO_SMALL, 0);
    }
    if (f->bits > CRYPTO_RSA_MAX_BITS) {
        return crypto_fail(f, CRYPTO_KEY_TOO_LARGE, 0);
    }
    if (f->private_key && mbedtls_rsa_check_privkey(mbedtls_pk_rsa(*pk)) != 0) {
        return crypto_fail(f, CRYPTO_KEY_INCONSISTENT, 0);
    }
    return true;
}

bool crypto_load_key(mbedtls_pk_context *pk, const byte *key, size_t key_len, bool private_key,
    mbedtls_ctr_drbg_context *drbg, crypto_failure_t *f) {
    f->private_key = private_key;
    crypto_pem_block_t block;
    bool ok;
    if (crypto_pick_block(key, key_len, private_key, &block)) {
        ok = crypto_load_pem(pk, &block, drbg, f);
    } else if (key_len == 0) {
        ok = crypto_fail(f, CRYPTO_KEY_NOT_PEM_OR_DER, 0);
    } else {
        ok = crypto_load_der(pk, key, key_len, false, drbg, f);
    }
    return ok && crypto_check_key(pk, f);
}
