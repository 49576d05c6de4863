#!/usr/bin/env bash
# The seed's jobs from a shell with the `ucrypto` command line; run by `make demo`.
# Every step checks its result; any failure stops the script with a non-zero exit.
set -euo pipefail

ucrypto=${UCRYPTO:-ucrypto}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n== %s\n' "$*"; }
show() { printf '   $ %s\n' "$*" >&2; "$@"; }
ok() { printf '   ok  %s\n' "$*"; }
quiet() { "$@" >/dev/null; }
# expect MESSAGE COMMAND...: runs the check, prints MESSAGE if it holds, stops the demo if not.
expect() {
    local message=$1; shift
    if "$@"; then ok "$message"; else printf '   FAILED %s\n' "$message"; exit 1; fi
}

step "A device key pair (PKCS#8 + SubjectPublicKeyInfo PEM; private file mode 0600)"
show "$ucrypto" keygen --out device.pem --pub device_pub.pem
expect "device.pem is readable by its owner only" test "$(stat -c %a device.pem)" = 600
expect "openssl accepts the key" quiet openssl pkey -in device.pem -check -noout

step "A JWT for cloud sign-in, signed and verified"
token=$(show "$ucrypto" jwt sign --key device.pem --claim iss=device-1 --iat --exp-in 1h --aud my-project)
printf '   token: %s...\n' "${token:0:60}"
printf '   $ %s jwt verify --pub device_pub.pem "$token" --aud my-project\n' "$ucrypto"
"$ucrypto" jwt verify --pub device_pub.pem "$token" --aud my-project >claims.json
expect "the token verifies and its claims come back as JSON" grep -q '"iss": "device-1"' claims.json
pos=$((${#token} - 10)); c=${token:pos:1}; [ "$c" = A ] && c=B || c=A
if "$ucrypto" jwt verify --pub device_pub.pem "${token:0:pos}$c${token:pos+1}" 2>/dev/null; then exit 1; fi
ok "a token with a changed signature is refused (exit 1)"

step "RS256 of the seed's header.payload equals openssl's"
printf '%s' "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UifQ" >hp.txt
show "$ucrypto" sign --key device.pem --format raw hp.txt >hp.sig
expect "byte for byte what openssl dgst -sha256 -sign writes" cmp -s hp.sig <(openssl dgst -sha256 -sign device.pem hp.txt)

step "A message RSA-encrypted to the server and decrypted there"
printf 'this is a secret message, it needs to be encrypted' >message.txt
show "$ucrypto" rsa encrypt --pub device_pub.pem message.txt >message.enc
show "$ucrypto" rsa decrypt --key device.pem message.enc >message.dec
expect "decrypted: $(cat message.dec)" cmp -s message.txt message.dec
expect "openssl decrypts it too" cmp -s message.txt <(openssl pkeyutl -decrypt -inkey device.pem -in message.enc)

step "A firmware file AES-encrypted and decrypted (CBC with PKCS#7, streamed)"
head -c 3000000 /dev/urandom >firmware.bin
"$ucrypto" rand 256 --format hex >aes.key
iv=$("$ucrypto" rand 128)
show "$ucrypto" aes encrypt --mode cbc --key @aes.key --iv "$iv" --pad pkcs7 --in firmware.bin --out firmware.enc
show "$ucrypto" aes decrypt --mode cbc --key @aes.key --iv "$iv" --pad pkcs7 --in firmware.enc --out firmware.out
expect "the round trip gives the original $(stat -c %s firmware.bin) bytes" cmp -s firmware.bin firmware.out
cmp -s firmware.enc <(openssl enc -aes-256-cbc -K "$(cat aes.key)" -iv "$iv" -in firmware.bin) \
    || { echo "   FAILED the ciphertext equals openssl enc"; exit 1; }
ok "the ciphertext equals openssl enc -aes-256-cbc"

step "Running a fleet: convert a legacy key, publish the JWKS, verify a device-made token"
openssl genrsa -out legacy_plain.pem 2048 2>/dev/null
openssl rsa -in legacy_plain.pem -traditional -des3 -passout pass:fleet -out legacy.pem 2>/dev/null
expect "openssl wrote a legacy encrypted PEM" grep -q "Proc-Type: 4,ENCRYPTED" legacy.pem
"$ucrypto" key info legacy.pem | sed 's/^/   /'
export KEY_PASS=fleet
show "$ucrypto" key convert legacy.pem --out device-2.pem --passin env:KEY_PASS
expect "the device takes the converted key" sh -c "\"$ucrypto\" key info device-2.pem | grep -q 'device_accepts: true'"
expect "it is the same key" cmp -s <("$ucrypto" key pub device-2.pem) <(openssl pkey -in legacy_plain.pem -pubout)
show "$ucrypto" key jwk device_pub.pem device-2.pem --jwks >jwks.json
expect "the JWKS holds both keys" test "$(grep -c '"kid"' jwks.json)" = 2
"$ucrypto" jwt sign --key device.pem --claims "{\"iat\": $(date +%s), \"exp\": $(( $(date +%s) + 86400 )), \"aud\": \"my-project\"}" \
    --kid auto --device-encoding >device_token.txt
printf '   device-form token: %s...\n' "$(head -c 40 device_token.txt | tr '\n' '|')"
printf '   $ %s jwt verify --jwks jwks.json --aud my-project --require exp --token-file device_token.txt\n' "$ucrypto"
"$ucrypto" jwt verify --jwks jwks.json --aud my-project --require exp --token-file device_token.txt >fleet_claims.json 2>notice.txt
expect "the device's token verifies, picked from the JWKS by kid" grep -q '"aud": "my-project"' fleet_claims.json
expect "with one notice that it is not in compact form" grep -q "not in RFC 7515 compact form" notice.txt
if "$ucrypto" jwt verify --jwks jwks.json --aud my-project --strict @device_token.txt 2>/dev/null; then exit 1; fi
ok "--strict refuses it (exit 1)"

printf '\nAll command-line demo steps passed.\n'
