#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the key fixtures in this folder with the real ssh-keygen and openssl.
# Run from anywhere; it rewrites every fixture (new random keys), so the tests must still pass after.
set -eu
cd "$(dirname "$0")"
rm -f -- *.key *.pub *.txt

gen() {
    name=$1
    shift
    ssh-keygen -q "$@" -C "amiko fixture $name" -f "$name.key"
    mv "$name.key.pub" "$name.pub"
}

# OpenSSH v1 format, unencrypted
gen ed25519 -t ed25519 -N ''
gen ecdsa256 -t ecdsa -b 256 -N ''
gen ecdsa384 -t ecdsa -b 384 -N ''
gen ecdsa521 -t ecdsa -b 521 -N ''
gen rsa3072 -t rsa -b 3072 -N ''
# OpenSSH v1 format, encrypted (bcrypt KDF, aes256-ctr), passphrase "amiko fixture"
gen ed25519-encrypted -t ed25519 -N 'amiko fixture'
gen rsa2048-encrypted -t rsa -b 2048 -N 'amiko fixture'
# PEM: PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY"
gen rsa3072-pem -t rsa -b 3072 -m PEM -N ''
gen ecdsa256-pem -t ecdsa -b 256 -m PEM -N ''
gen ecdsa521-pem -t ecdsa -b 521 -m PEM -N ''
# PKCS#8 "PRIVATE KEY"
gen rsa3072-pkcs8 -t rsa -b 3072 -m PKCS8 -N ''
gen ecdsa384-pkcs8 -t ecdsa -b 384 -m PKCS8 -N ''

# SEC1 without the optional public key, so the reader must derive it
openssl ec -in ecdsa256-pem.key -no_public -out ecdsa256-nopub.key 2>/dev/null
sed "s/ecdsa256-pem\$/ecdsa256-nopub/" ecdsa256-pem.pub > ecdsa256-nopub.pub
# Ed25519 PKCS#8 (RFC 8410): ssh-keygen 9.2 cannot write it, so openssl does; the .pub line is
# built from the raw 32-byte public key openssl prints.
openssl genpkey -algorithm ed25519 -out ed25519-pkcs8.key
raw=$(openssl pkey -in ed25519-pkcs8.key -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
blob=$( (printf '0000000b'; printf 'ssh-ed25519' | od -An -v -tx1 | tr -d ' \n'; printf '00000020%s' "$raw") \
    | sed 's/../\\x&/g')
printf 'ssh-ed25519 %s amiko fixture ed25519-pkcs8\n' "$(printf "$blob" | base64 -w0)" > ed25519-pkcs8.pub

# What ssh-keygen prints for each public key, to compare our fingerprints with
for pub in *.pub; do
    base=${pub%.pub}
    ssh-keygen -l -f "$pub" > "$base.sha256.txt"
    ssh-keygen -l -E md5 -f "$pub" > "$base.md5.txt"
done
ssh -V 2> generator.txt
openssl version >> generator.txt
