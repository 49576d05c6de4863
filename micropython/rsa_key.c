/*
 * Reading an RSA key, by the CPython module's rule, and saying precisely why one cannot
 * be used.
 *
 * The rule (docs/python.md, "Which keys are taken"), step by step as the CPython module
 * takes it: pick the PEM block (or take the bytes as DER), decode it strictly (key_pem.c),
 * tell its structure from its label (or, for DER, from which structure it parses as),
 * read that structure strictly (key_der.c), require the RSA algorithm, check the
 * modulus's size, and last check the numbers as the CPython module's RSA engine does
 * (AWS-LC's RSA_check_key, and its PKCS#8 reader's rules). Each step has its own reason.
 * mbedTLS holds the numbers (bignum.h) and does all the arithmetic; nothing here raises:
 * the caller wipes and frees, then raises.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/bignum.h"
#include "mbedtls/oid.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/rsa.h"

#include "crypto.h"

// At most this many characters of a rejected PEM label are repeated in a message.
#define CRYPTO_LABEL_ECHO (40)
// The RSA engine's limit on the public exponent, in bits.
#define CRYPTO_RSA_MAX_E_BITS (33)

// The structures a key comes in.
typedef enum {
    CRYPTO_FORMAT_PKCS8,
    CRYPTO_FORMAT_PKCS1,
    CRYPTO_FORMAT_SPKI,
    CRYPTO_FORMAT_PKCS1_PUBLIC,
    CRYPTO_FORMAT_ENCRYPTED,
    CRYPTO_FORMAT_LEGACY_ENCRYPTED,
} crypto_key_format_t;

static const char crypto_rsa_oid[] = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01";
static const char crypto_null[] = "\x05\x00";
static const char crypto_ec_label[] = "EC PRIVATE KEY";
static const char crypto_encrypted_label[] = "ENCRYPTED PRIVATE KEY";

// The PEM labels of the four plain structures, in crypto_key_format_t's order.
static const char *const crypto_labels[] = { "PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY" };

bool crypto_fail(crypto_failure_t *f, crypto_key_problem_t problem) {
    f->problem = problem;
    return false;
}

static bool crypto_format_is_private(crypto_key_format_t format) {
    return format != CRYPTO_FORMAT_SPKI && format != CRYPTO_FORMAT_PKCS1_PUBLIC;
}

// Whether a block labelled so holds a key of the wanted kind.
static bool crypto_label_fits(const crypto_pem_block_t *b, bool private_key) {
    if (private_key && (crypto_pem_label_is(b, crypto_ec_label) || crypto_pem_label_is(b, crypto_encrypted_label))) {
        return true;
    }
    for (size_t i = 0; i < MP_ARRAY_SIZE(crypto_labels); i++) {
        if (crypto_pem_label_is(b, crypto_labels[i]) && crypto_format_is_private(i) == private_key) {
            return true;
        }
    }
    return false;
}

// Picks the block to read: the first with a key of the wanted kind, else the first with a
// key of the other kind, else the first. False when the input holds no PEM block (DER).
static bool crypto_pick_block(const byte *key, size_t len, bool private_key, crypto_pem_block_t *picked) {
    const byte *end = key + len;
    crypto_pem_block_t b;
    bool any = false, other = false;
    for (const byte *at = key; crypto_pem_next_block(at, end, &b);) {
        if (crypto_label_fits(&b, private_key)) {
            *picked = b;
            return true;
        }
        if (!other && crypto_label_fits(&b, !private_key)) {
            *picked = b;
            other = true;
        } else if (!any) {
            *picked = b;
        }
        any = true;
        size_t step = b.len > 11 ? b.len : 11; // past "-----BEGIN "
        at = b.start + step;
    }
    return any;
}

// Names an algorithm OID for messages: "1.2.3, Name" when it is one people meet. The OID
// passed crypto_der_oid; mbedTLS prints it once the padding octets the CPython module
// allows inside an arc (0x80 before its first digit) are left out.
static void crypto_name_oid(const crypto_bytes_t *oid, crypto_failure_t *f) {
    static const char *const names[][2] = {
        { "1.2.840.10045.2.1", "EC" },
        { "1.3.101.112", "Ed25519" },
        { "1.3.101.113", "Ed448" },
        { "1.3.101.110", "X25519" },
        { "1.2.840.10040.4.1", "DSA" },
        { "1.2.840.113549.1.1.10", "RSASSA-PSS" },
    };
    unsigned char plain[CRYPTO_OID_MAX_LEN];
    size_t n = 0;
    bool arc_start = false;
    for (size_t i = 0; i < oid->len && n < sizeof(plain); i++) {
        if (arc_start && oid->p[i] == 0x80) {
            continue;
        }
        plain[n++] = oid->p[i];
        arc_start = !(oid->p[i] & 0x80);
    }
    mbedtls_asn1_buf buf = { .tag = MBEDTLS_ASN1_OID, .len = n, .p = plain };
    if (mbedtls_oid_get_numeric_string(f->detail, sizeof(f->detail), &buf) <= 0) {
        strcpy(f->detail, "unknown");
        return;
    }
    for (size_t i = 0; i < MP_ARRAY_SIZE(names); i++) {
        if (strcmp(f->detail, names[i][0]) == 0) {
            strcat(f->detail, ", ");
            strcat(f->detail, names[i][1]);
        }
    }
}

// RSA, or the reason it is not.
static bool crypto_require_rsa(const crypto_alg_t *alg, crypto_failure_t *f) {
    if (alg->oid.len == sizeof(crypto_rsa_oid) - 1 && memcmp(alg->oid.p, crypto_rsa_oid, alg->oid.len) == 0) {
        return true;
    }
    crypto_name_oid(&alg->oid, f);
    return crypto_fail(f, CRYPTO_KEY_NOT_RSA);
}

static bool crypto_params_are_null(const crypto_alg_t *alg) {
    return alg->params.len == 2 && memcmp(alg->params.p, crypto_null, 2) == 0;
}

// The modulus's size, checked against the sizes we accept. `n` has no leading zeros.
static bool crypto_check_size(const crypto_bytes_t *n, crypto_failure_t *f) {
    size_t bits = n->len * 8;
    for (byte top = n->len ? n->p[0] : 0x80; bits > 0 && !(top & 0x80); top <<= 1) {
        bits--;
    }
    f->bits = bits;
    if (bits < CRYPTO_RSA_MIN_BITS) {
        return crypto_fail(f, CRYPTO_KEY_TOO_SMALL);
    }
    if (bits > CRYPTO_RSA_MAX_BITS) {
        return crypto_fail(f, CRYPTO_KEY_TOO_LARGE);
    }
    return true;
}

// The field of an mbedTLS RSA context: mbedTLS 3 marks them private, and offers no call
// that takes the CRT values as read, so they are set through its own access macro.
#define CRYPTO_RSA_FIELD(rsa, name) (&(rsa)->MBEDTLS_PRIVATE(name))

// The public part, as the RSA engine checks it: n odd, e odd and of 2 to 33 bits.
static bool crypto_public_part_ok(mbedtls_rsa_context *rsa) {
    const mbedtls_mpi *n = CRYPTO_RSA_FIELD(rsa, N), *e = CRYPTO_RSA_FIELD(rsa, E);
    size_t e_bits = mbedtls_mpi_bitlen(e);
    return mbedtls_mpi_get_bit(n, 0) == 1 && mbedtls_mpi_get_bit(e, 0) == 1
           && e_bits >= 2 && e_bits <= CRYPTO_RSA_MAX_E_BITS;
}

// (a * b) mod m == 1, in `t`. 0 or an mbedTLS error; *ok the answer.
static int crypto_is_one_mod(mbedtls_mpi *t, const mbedtls_mpi *a, const mbedtls_mpi *b, const mbedtls_mpi *m, bool *ok) {
    int err = mbedtls_mpi_mul_mpi(t, a, b);
    if (err == 0) {
        err = mbedtls_mpi_mod_mpi(t, t, m);
    }
    *ok = err == 0 && mbedtls_mpi_cmp_int(t, 1) == 0;
    return err;
}

// The private numbers, as the RSA engine checks them: p, q < n and p q = n; d e = 1 mod
// p-1 and mod q-1; dp = d mod p-1, dq = d mod q-1 (each fully reduced); qi < p and
// qi q = 1 mod p. Checked without reducing d: given d e = 1 mod p-1, dp = d mod p-1
// exactly when dp < p-1 and dp e = 1 mod p-1.
static int crypto_private_part_ok(mbedtls_rsa_context *rsa, bool *ok) {
    const mbedtls_mpi *n = CRYPTO_RSA_FIELD(rsa, N), *e = CRYPTO_RSA_FIELD(rsa, E), *d = CRYPTO_RSA_FIELD(rsa, D);
    const mbedtls_mpi *p = CRYPTO_RSA_FIELD(rsa, P), *q = CRYPTO_RSA_FIELD(rsa, Q);
    const mbedtls_mpi *dp = CRYPTO_RSA_FIELD(rsa, DP), *dq = CRYPTO_RSA_FIELD(rsa, DQ), *qi = CRYPTO_RSA_FIELD(rsa, QP);
    mbedtls_mpi t, pm1, qm1;
    mbedtls_mpi_init(&t);
    mbedtls_mpi_init(&pm1);
    mbedtls_mpi_init(&qm1);
    *ok = mbedtls_mpi_cmp_mpi(p, n) < 0 && mbedtls_mpi_cmp_mpi(q, n) < 0 && mbedtls_mpi_cmp_int(p, 1) > 0
          && mbedtls_mpi_cmp_int(q, 1) > 0;
    int err = *ok ? mbedtls_mpi_mul_mpi(&t, p, q) : 0;
    *ok = *ok && err == 0 && mbedtls_mpi_cmp_mpi(&t, n) == 0;
    if (*ok) {
        err = mbedtls_mpi_sub_int(&pm1, p, 1);
    }
    if (*ok && err == 0) {
        err = mbedtls_mpi_sub_int(&qm1, q, 1);
    }
    const mbedtls_mpi *checks[][3] = {
        { d, e, &pm1 }, { d, e, &qm1 }, { dp, e, &pm1 }, { dq, e, &qm1 }, { qi, q, p },
    };
    for (size_t i = 0; *ok && err == 0 && i < MP_ARRAY_SIZE(checks); i++) {
        err = crypto_is_one_mod(&t, checks[i][0], checks[i][1], checks[i][2], ok);
    }
    *ok = *ok && err == 0 && mbedtls_mpi_cmp_mpi(dp, &pm1) < 0 && mbedtls_mpi_cmp_mpi(dq, &qm1) < 0
          && mbedtls_mpi_cmp_mpi(qi, p) < 0;
    mbedtls_mpi_free(&t);
    mbedtls_mpi_free(&pm1);
    mbedtls_mpi_free(&qm1);
    return err;
}

// The numbers of a key that passed its structure and size checks, into `rsa`, checked.
// An mbedTLS error of its own (memory) is recorded; a refusal is CRYPTO_KEY_INCONSISTENT.
static bool crypto_load_numbers(mbedtls_rsa_context *rsa, const crypto_bytes_t *numbers, bool private_key,
    crypto_failure_t *f) {
    // numbers: n, e, then d, p, q, dp, dq, qi for a private key.
    int err = private_key
        ? mbedtls_rsa_import_raw(rsa, numbers[0].p, numbers[0].len, numbers[3].p, numbers[3].len,
            numbers[4].p, numbers[4].len, numbers[2].p, numbers[2].len, numbers[1].p, numbers[1].len)
        : mbedtls_rsa_import_raw(rsa, numbers[0].p, numbers[0].len, NULL, 0, NULL, 0, NULL, 0,
            numbers[1].p, numbers[1].len);
    if (err == 0 && private_key) {
        err = mbedtls_mpi_read_binary(CRYPTO_RSA_FIELD(rsa, DP), numbers[5].p, numbers[5].len);
    }
    if (err == 0 && private_key) {
        err = mbedtls_mpi_read_binary(CRYPTO_RSA_FIELD(rsa, DQ), numbers[6].p, numbers[6].len);
    }
    if (err == 0 && private_key) {
        err = mbedtls_mpi_read_binary(CRYPTO_RSA_FIELD(rsa, QP), numbers[7].p, numbers[7].len);
    }
    bool ok = err == 0 && crypto_public_part_ok(rsa);
    if (ok && private_key) {
        err = crypto_private_part_ok(rsa, &ok);
    }
    if (err != 0) {
        f->err = err;
        return false;
    }
    // With every value present, mbedTLS completes nothing: it checks the context.
    if (!ok || mbedtls_rsa_complete(rsa) != 0) {
        return crypto_fail(f, CRYPTO_KEY_INCONSISTENT);
    }
    return true;
}

static bool crypto_load_pkcs1_private(mbedtls_rsa_context *rsa, const byte *der, size_t len, bool engine_refuses,
    crypto_failure_t *f) {
    crypto_bytes_t numbers[CRYPTO_RSA_PRIVATE_NUMBERS];
    bool two_prime;
    if (!crypto_der_rsa_private(der, len, numbers, &two_prime)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_DER);
    }
    if (!crypto_check_size(&numbers[0], f)) {
        return false;
    }
    // The RSA engine reads two-prime keys only.
    if (engine_refuses || !two_prime) {
        return crypto_fail(f, CRYPTO_KEY_INCONSISTENT);
    }
    return crypto_load_numbers(rsa, numbers, true, f);
}

static bool crypto_load_pkcs1_public(mbedtls_rsa_context *rsa, const byte *der, size_t len, crypto_failure_t *f) {
    crypto_bytes_t numbers[2];
    if (!crypto_der_rsa_public(der, len, numbers)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_DER);
    }
    return crypto_check_size(&numbers[0], f) && crypto_load_numbers(rsa, numbers, false, f);
}

static bool crypto_load_pkcs8(mbedtls_rsa_context *rsa, const byte *der, size_t len, crypto_failure_t *f) {
    crypto_pkcs8_t info;
    if (!crypto_der_pkcs8(der, len, &info)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_DER);
    }
    if (!crypto_require_rsa(&info.alg, f)) {
        return false;
    }
    // The RSA engine's PKCS#8 reader wants NULL parameters, and no public key or other
    // field after the attributes.
    bool engine_refuses = info.engine_refuses || !crypto_params_are_null(&info.alg);
    return crypto_load_pkcs1_private(rsa, info.key.p, info.key.len, engine_refuses, f);
}

static bool crypto_load_spki(mbedtls_rsa_context *rsa, const byte *der, size_t len, crypto_failure_t *f) {
    crypto_alg_t alg;
    crypto_bytes_t key;
    int unused;
    if (!crypto_der_spki(der, len, &alg, &unused, &key)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_DER);
    }
    if (!crypto_require_rsa(&alg, f)) {
        return false;
    }
    // The parameters are not checked: the RSA engine ignores them in a public key.
    if (unused != 0) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_DER);
    }
    return crypto_load_pkcs1_public(rsa, key.p, key.len, f);
}

// Which structure raw DER holds, trying each in the CPython module's order.
static bool crypto_classify_der(const byte *der, size_t len, crypto_key_format_t *format, crypto_failure_t *f) {
    crypto_pkcs8_t info;
    crypto_bytes_t numbers[CRYPTO_RSA_PRIVATE_NUMBERS];
    crypto_alg_t alg;
    int unused;
    bool two_prime;
    if (crypto_der_pkcs8(der, len, &info)) {
        *format = CRYPTO_FORMAT_PKCS8;
    } else if (crypto_der_rsa_private(der, len, numbers, &two_prime)) {
        *format = CRYPTO_FORMAT_PKCS1;
    } else if (crypto_der_spki(der, len, &alg, &unused, &numbers[0])) {
        *format = CRYPTO_FORMAT_SPKI;
    } else if (crypto_der_rsa_public(der, len, numbers)) {
        *format = CRYPTO_FORMAT_PKCS1_PUBLIC;
    } else if (crypto_der_encrypted(der, len)) {
        *format = CRYPTO_FORMAT_ENCRYPTED;
    } else {
        return crypto_fail(f, CRYPTO_KEY_NOT_PEM_OR_DER);
    }
    return true;
}

// The structure a PEM block's label names; false with the reason for any other label.
static bool crypto_label_format(const crypto_pem_block_t *b, crypto_key_format_t *format, crypto_failure_t *f) {
    for (size_t i = 0; i < MP_ARRAY_SIZE(crypto_labels); i++) {
        if (crypto_pem_label_is(b, crypto_labels[i])) {
            *format = i;
            return true;
        }
    }
    if (crypto_pem_label_is(b, crypto_encrypted_label)) {
        *format = CRYPTO_FORMAT_ENCRYPTED;
        return true;
    }
    if (crypto_pem_label_is(b, crypto_ec_label)) {
        strcpy(f->detail, "1.2.840.10045.2.1, EC");
        return crypto_fail(f, CRYPTO_KEY_NOT_RSA);
    }
    size_t n = b->label_len < CRYPTO_LABEL_ECHO ? b->label_len : CRYPTO_LABEL_ECHO;
    memcpy(f->detail, b->label, n);
    strcpy(f->detail + n, b->label_len > CRYPTO_LABEL_ECHO ? "..." : "");
    return crypto_fail(f, CRYPTO_KEY_UNEXPECTED_LABEL);
}

// A key of `format` in `der`, read as the wanted kind.
static bool crypto_load_format(mbedtls_rsa_context *rsa, crypto_key_format_t format, const byte *der, size_t len,
    crypto_failure_t *f) {
    if (crypto_format_is_private(format) != f->private_key) {
        return crypto_fail(f, f->private_key ? CRYPTO_KEY_PUBLIC_FOR_PRIVATE : CRYPTO_KEY_PRIVATE_FOR_PUBLIC);
    }
    switch (format) {
        case CRYPTO_FORMAT_ENCRYPTED:
            return crypto_fail(f, CRYPTO_KEY_ENCRYPTED_PKCS8);
        case CRYPTO_FORMAT_LEGACY_ENCRYPTED:
            return crypto_fail(f, CRYPTO_KEY_ENCRYPTED_LEGACY_PEM);
        case CRYPTO_FORMAT_PKCS8:
            return crypto_load_pkcs8(rsa, der, len, f);
        case CRYPTO_FORMAT_PKCS1:
            return crypto_load_pkcs1_private(rsa, der, len, false, f);
        case CRYPTO_FORMAT_SPKI:
            return crypto_load_spki(rsa, der, len, f);
        default:
            return crypto_load_pkcs1_public(rsa, der, len, f);
    }
}

bool crypto_load_key(mbedtls_rsa_context *rsa, const byte *key, size_t key_len, bool private_key,
    crypto_failure_t *f) {
    f->private_key = private_key;
    crypto_pem_block_t block;
    crypto_key_format_t format;
    if (!crypto_pick_block(key, key_len, private_key, &block)) {
        return key_len == 0 ? crypto_fail(f, CRYPTO_KEY_NOT_PEM_OR_DER)
               : crypto_classify_der(key, key_len, &format, f) && crypto_load_format(rsa, format, key, key_len, f);
    }
    // OpenSSL's legacy encryption (openssl genrsa -des3) is told by its headers.
    if (crypto_find(block.start, block.len, "Proc-Type:") != NULL && crypto_find(block.start, block.len, "ENCRYPTED") != NULL) {
        return crypto_load_format(rsa, CRYPTO_FORMAT_LEGACY_ENCRYPTED, NULL, 0, f);
    }
    byte *der;
    size_t der_len, der_alloc;
    if (!crypto_pem_decode(&block, &der, &der_len, &der_alloc, f)) {
        return false;
    }
    bool ok = crypto_label_format(&block, &format, f) && crypto_load_format(rsa, format, der, der_len, f);
    mbedtls_platform_zeroize(der, der_alloc);
    m_del(byte, der, der_alloc);
    return ok;
}
