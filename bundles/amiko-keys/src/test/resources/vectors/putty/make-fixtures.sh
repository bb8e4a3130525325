#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the PuTTY key fixtures in this folder with the real puttygen (Debian: putty-tools).
# Run from anywhere; it rewrites every fixture (new random keys), so the tests must still pass after.
set -eu
cd "$(dirname "$0")"
rm -f -- *.ppk *.openssh generator.txt

passphrase=$(mktemp)
empty=$(mktemp)
trap 'rm -f "$passphrase" "$empty"' EXIT
printf 'amiko fixture' > "$passphrase"

# gen NAME TYPE-ARGS PASSPHRASE-FILE PPK-PARAMS
gen() {
    name=$1 type=$2 pass=$3 params=$4
    # shellcheck disable=SC2086
    puttygen -q $type -C "amiko fixture $name" --new-passphrase "$pass" --ppk-param "$params" -o "$name.ppk"
    # The same key as OpenSSH v1, unencrypted, to compare with what we read from the .ppk.
    puttygen "$name.ppk" --old-passphrase "$pass" --new-passphrase "$empty" -O private-openssh-new \
        -o "$name.openssh"
}

# Version 3, unencrypted (HMAC-SHA-256 with an empty key)
gen ed25519-v3 "-t ed25519" "$empty" version=3
gen rsa3072-v3 "-t rsa -b 3072" "$empty" version=3
# Version 3, aes256-cbc, each Argon2 flavour; few passes keep the tests quick
gen ecdsa256-v3-argon2id "-t ecdsa -b 256" "$passphrase" version=3,kdf=argon2id,passes=2
gen ecdsa384-v3-argon2i "-t ecdsa -b 384" "$passphrase" version=3,kdf=argon2i,passes=2
gen ecdsa521-v3-argon2d "-t ecdsa -b 521" "$passphrase" version=3,kdf=argon2d,passes=2
gen ed25519-v3-lanes "-t ed25519" "$passphrase" version=3,kdf=argon2id,memory=1024,passes=3,parallelism=4
# Version 3 with puttygen's defaults (Argon2id, 8 MiB, passes timed to 100 ms)
gen rsa2048-v3-default "-t rsa -b 2048" "$passphrase" version=3
# Version 2 (SHA-1 key derivation, HMAC-SHA-1), both ways
gen ed25519-v2 "-t ed25519" "$empty" version=2
gen ecdsa256-v2 "-t ecdsa -b 256" "$passphrase" version=2
gen rsa2048-v2 "-t rsa -b 2048" "$passphrase" version=2

puttygen --version | head -1 > generator.txt
