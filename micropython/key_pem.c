/*
 * PEM key text: finding the block to read, and decoding it only when it has the one form
 * the CPython module takes (RFC 7468's strict form, as its core reads it).
 *
 * The form: "-----BEGIN <label>-----", a line ending, base64 in lines of exactly 64
 * characters each followed by a line ending, a last line of 1 to 64 characters and its
 * line ending (one blank line may follow it), then "-----END <label>-----" with the same
 * label. A line ending is LF, CR LF or CR. The label is printable ASCII without '-',
 * spaces or tabs only singly and not first. The base64 is padded and canonical: exactly
 * what encoding its bytes gives. mbedTLS does the decoding and the encoding that checks
 * it; this file only walks the lines.
 */
#include <string.h>

#include "py/runtime.h"

#include "mbedtls/base64.h"
#include "mbedtls/platform_util.h"

#include "crypto.h"

#define CRYPTO_PEM_WIDTH (64)
// Bytes that one full line of base64 holds.
#define CRYPTO_PEM_LINE_BYTES (48)

static const char crypto_begin[] = "-----BEGIN ";
static const char crypto_end[] = "-----END ";
static const char crypto_dashes[] = "-----";

static size_t crypto_text_len(const char *s) {
    return strlen(s);
}

const byte *crypto_find(const byte *hay, size_t hay_len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; n <= hay_len && i <= hay_len - n; i++) {
        if (memcmp(hay + i, needle, n) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

bool crypto_pem_label_is(const crypto_pem_block_t *b, const char *label) {
    return b->label_len == strlen(label) && memcmp(b->label, label, b->label_len) == 0;
}

bool crypto_pem_next_block(const byte *from, const byte *input_end, crypto_pem_block_t *b) {
    const byte *start = crypto_find(from, input_end - from, crypto_begin);
    if (start == NULL) {
        return false;
    }
    size_t rest = input_end - start;
    const byte *label = start + crypto_text_len(crypto_begin);
    const byte *label_end = crypto_find(label, input_end - label, crypto_dashes);
    b->start = start;
    b->label = label;
    b->label_len = label_end == NULL ? 0 : (size_t)(label_end - label);
    b->len = rest;
    const byte *end = crypto_find(start, rest, crypto_end);
    if (end != NULL) {
        const byte *after = end + crypto_text_len(crypto_end);
        const byte *dashes = crypto_find(after, input_end - after, crypto_dashes);
        if (dashes != NULL) {
            b->len = dashes + crypto_text_len(crypto_dashes) - start;
        }
    }
    return true;
}

// The length of the line ending at `p` (LF, CR LF or CR), 0 when there is none.
static size_t crypto_eol(const byte *p, const byte *end) {
    if (p < end && *p == '\n') {
        return 1;
    }
    if (p < end && *p == '\r') {
        return p + 1 < end && p[1] == '\n' ? 2 : 1;
    }
    return 0;
}

// The length of the line ending that ends [start, end), 0 when there is none.
static size_t crypto_eol_before(const byte *start, const byte *end) {
    if (end - start >= 2 && end[-2] == '\r' && end[-1] == '\n') {
        return 2;
    }
    return end > start && (end[-1] == '\n' || end[-1] == '\r') ? 1 : 0;
}

// The label's length if the BEGIN line has the strict form and a line ending follows it;
// 0 with *ok false otherwise. `text` starts just after "-----BEGIN ".
static const byte *crypto_pem_label(const byte *text, const byte *end, size_t *label_len, bool *ok) {
    const byte *p = text;
    bool after_space = false;
    *ok = false;
    for (; p < end && *p != '-'; p++) {
        if (*p == ' ' || *p == '\t') {
            if (p == text || after_space) {
                return NULL;
            }
            after_space = true;
        } else if (*p >= 0x21 && *p <= 0x7e) {
            after_space = false;
        } else {
            return NULL;
        }
    }
    *label_len = p - text;
    size_t dashes = crypto_text_len(crypto_dashes);
    if ((size_t)(end - p) < dashes || memcmp(p, crypto_dashes, dashes) != 0) {
        return NULL;
    }
    size_t eol = crypto_eol(p + dashes, end);
    if (eol == 0) {
        return NULL;
    }
    *ok = true;
    return p + dashes + eol;
}

// The base64 text between the BEGIN and END lines, its last line ending taken off;
// false when the END line does not close the block with the same label.
static bool crypto_pem_body(const crypto_pem_block_t *b, const byte *body, const byte **text_end) {
    const byte *end = b->start + b->len;
    size_t dashes = crypto_text_len(crypto_dashes), end_len = crypto_text_len(crypto_end);
    size_t closing = end_len + b->label_len + dashes;
    if ((size_t)(end - body) < closing
        || memcmp(end - dashes, crypto_dashes, dashes) != 0
        || memcmp(end - dashes - b->label_len, b->label, b->label_len) != 0
        || memcmp(end - closing, crypto_end, end_len) != 0) {
        return false;
    }
    end -= closing;
    size_t eol = crypto_eol_before(body, end);
    if (eol == 0) {
        return false;
    }
    *text_end = end - eol;
    return *text_end > body;
}

// Walks the base64 lines of [*at, end): a line is the next 64 characters when a line
// ending follows them, else the rest less one trailing line ending. Returns false at the
// end; *bad when 64 characters are not followed by a line ending.
static bool crypto_pem_line(const byte **at, const byte *end, const byte **line, size_t *len, bool *bad) {
    size_t left = end - *at;
    *line = *at;
    if (left == 0) {
        return false;
    }
    if (left > CRYPTO_PEM_WIDTH) {
        size_t eol = crypto_eol(*at + CRYPTO_PEM_WIDTH, end);
        *bad = eol == 0;
        *len = CRYPTO_PEM_WIDTH;
        *at += CRYPTO_PEM_WIDTH + eol;
        return !*bad;
    }
    *len = left - crypto_eol_before(*at, end);
    *at = end;
    return true;
}

bool crypto_pem_decode(const crypto_pem_block_t *b, byte **der, size_t *der_len, size_t *der_alloc,
    crypto_failure_t *f) {
    const byte *block_end = b->start + b->len, *body, *text_end;
    size_t label_len = 0;
    bool ok;
    *der = NULL;
    body = crypto_pem_label(b->start + crypto_text_len(crypto_begin), block_end, &label_len, &ok);
    if (!ok || label_len != b->label_len || !crypto_pem_body(b, body, &text_end)) {
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_PEM);
    }
    // At most 48 bytes for each 64 characters (and the partial line's).
    size_t alloc = ((size_t)(text_end - body) / 4 + 1) * 3;
    byte *out = m_new_maybe(byte, alloc);
    if (out == NULL) {
        f->no_memory = true;
        return false;
    }
    // Decode line by line; then encode the bytes again, line by line, and require the
    // same text: only canonical base64, with padding only at its end, gets through.
    const byte *at = body, *line;
    size_t n, got, total = 0;
    bool bad = false;
    int err = 0;
    while (err == 0 && crypto_pem_line(&at, text_end, &line, &n, &bad)) {
        err = n == 0 ? MBEDTLS_ERR_BASE64_INVALID_CHARACTER : mbedtls_base64_decode(out + total, alloc - total, &got, line, n);
        total += err == 0 ? got : 0;
    }
    ok = err == 0 && !bad && total > 0;
    unsigned char again[CRYPTO_PEM_WIDTH + 1];
    size_t done = 0;
    for (at = body; ok && crypto_pem_line(&at, text_end, &line, &n, &bad);) {
        size_t chunk = total - done < CRYPTO_PEM_LINE_BYTES ? total - done : CRYPTO_PEM_LINE_BYTES;
        ok = mbedtls_base64_encode(again, sizeof(again), &got, out + done, chunk) == 0
            && got == n && memcmp(again, line, n) == 0;
        done += chunk;
    }
    mbedtls_platform_zeroize(again, sizeof(again));
    if (!ok || done != total) {
        mbedtls_platform_zeroize(out, alloc);
        m_del(byte, out, alloc);
        return crypto_fail(f, CRYPTO_KEY_MALFORMED_PEM);
    }
    *der = out;
    *der_len = total;
    *der_alloc = alloc;
    return true;
}
