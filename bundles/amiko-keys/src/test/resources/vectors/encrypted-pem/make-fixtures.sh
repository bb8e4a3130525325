#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the encrypted PEM and PKCS#8 key fixtures in this folder with the real ssh-keygen and
# openssl. All use the passphrase "amiko fixture". Run from anywhere; it rewrites every fixture (new
# random keys), so the tests must still pass after.
set -eu
cd "$(dirname "$0")"
rm -f -- *.key *.pub generator.txt
pass='amiko fixture'

# ssh-keygen -m PEM: OpenSSL's traditional encryption, Proc-Type: 4,ENCRYPTED / DEK-Info: AES-128-CBC
ssh-keygen -q -t rsa -b 2048 -m PEM -N "$pass" -C "amiko fixture rsa2048-pem-aes128" -f rsa2048-pem-aes128.key
ssh-keygen -q -t ecdsa -b 256 -m PEM -N "$pass" -C "amiko fixture ecdsa256-pem-aes128" -f ecdsa256-pem-aes128.key
# ssh-keygen -m PKCS8: BEGIN ENCRYPTED PRIVATE KEY, PBES2 (PBKDF2-HMAC-SHA256, AES-128-CBC)
ssh-keygen -q -t rsa -b 2048 -m PKCS8 -N "$pass" -C "amiko fixture rsa2048-pkcs8" -f rsa2048-pkcs8.key
ssh-keygen -q -t ecdsa -b 384 -m PKCS8 -N "$pass" -C "amiko fixture ecdsa384-pkcs8" -f ecdsa384-pkcs8.key
for key in *.key; do mv "$key.pub" "${key%.key}.pub"; done

# openssl pkcs8 -topk8 -v2 aes-256-cbc (Ed25519, which ssh-keygen 9.2 cannot write as PKCS#8)
openssl genpkey -algorithm ed25519 -out ed25519.tmp
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "pass:$pass" -in ed25519.tmp -out ed25519-pkcs8-aes256.key
# openssl pkcs8 with 3DES and the PBKDF2 default PRF (HMAC-SHA1), as older OpenSSL wrote it
openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-521 -out ecdsa521.tmp
openssl pkcs8 -topk8 -v2 des3 -v2prf hmacWithSHA1 -passout "pass:$pass" -in ecdsa521.tmp \
    -out ecdsa521-pkcs8-des3.key
# openssl traditional encryption with AES-256-CBC and DES-EDE3-CBC
openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out rsa2048.tmp 2>/dev/null
openssl rsa -traditional -aes256 -passout "pass:$pass" -in rsa2048.tmp -out rsa2048-pem-aes256.key 2>/dev/null
openssl ec -des3 -passout "pass:$pass" -in ecdsa521.tmp -out ecdsa521-pem-des3.key 2>/dev/null
# PKCS#12 password-based encryption (not PBES2), which is refused by name
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout "pass:$pass" -in rsa2048.tmp -out rsa2048-pkcs8-pkcs12pbe.key
rm -f -- *.tmp

# The public key ssh-keygen reads from each file, with the fixture's name as comment
for key in ecdsa521-pkcs8-des3 rsa2048-pem-aes256 ecdsa521-pem-des3; do
    printf '%s amiko fixture %s\n' "$(ssh-keygen -y -P "$pass" -f "$key.key" | cut -d' ' -f1-2)" "$key" > "$key.pub"
done
# ssh-keygen 9.2 cannot read Ed25519 PKCS#8, so its line is built from the raw key openssl prints.
raw=$(openssl pkey -passin "pass:$pass" -in ed25519-pkcs8-aes256.key -pubout -outform DER | tail -c 32 \
    | od -An -v -tx1 | tr -d ' \n')
blob=$( (printf '0000000b'; printf 'ssh-ed25519' | od -An -v -tx1 | tr -d ' \n'; printf '00000020%s' "$raw") \
    | sed 's/../\\x&/g')
printf 'ssh-ed25519 %s amiko fixture ed25519-pkcs8-aes256\n' "$(printf "$blob" | base64 -w0)" > ed25519-pkcs8-aes256.pub
ssh -V 2> generator.txt
openssl version >> generator.txt
