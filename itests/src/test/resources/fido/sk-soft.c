/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A software FIDO authenticator for OpenSSH's SecurityKeyProvider interface (sk-api.h, OpenSSH
 * PROTOCOL.u2f), so that tests can make and use sk-ssh-ed25519 and sk-ecdsa-sha2-nistp256 keys
 * with the real ssh-keygen and ssh, without a USB key. FOR TESTS ONLY: the key handle it returns
 * IS the private key, and every signature claims the user touched the key (unless the environment
 * variable SK_SOFT_FLAGS gives other flags).
 *
 * What it signs is what an authenticator signs: SHA-256(application) || flags || counter ||
 * SHA-256(data), Ed25519 directly, ECDSA P-256 with SHA-256.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>

#define SSH_SK_ECDSA 0x00
#define SSH_SK_ED25519 0x01
#define SSH_SK_USER_PRESENCE_REQD 0x01
#define SSH_SK_ERR_GENERAL -1
#define SSH_SK_ERR_UNSUPPORTED -2

#ifndef SK_SOFT_API_VERSION
#define SK_SOFT_API_VERSION 0x000a0000
#endif

struct sk_enroll_response {
    uint8_t flags;
    uint8_t *public_key;
    size_t public_key_len;
    uint8_t *key_handle;
    size_t key_handle_len;
    uint8_t *signature;
    size_t signature_len;
    uint8_t *attestation_cert;
    size_t attestation_cert_len;
    uint8_t *authdata;
    size_t authdata_len;
};

struct sk_sign_response {
    uint8_t flags;
    uint32_t counter;
    uint8_t *sig_r;
    size_t sig_r_len;
    uint8_t *sig_s;
    size_t sig_s_len;
};

struct sk_resident_key;
struct sk_option;

static uint32_t counter;

uint32_t sk_api_version(void) {
    return SK_SOFT_API_VERSION;
}

static int enroll_ed25519(struct sk_enroll_response *response) {
    EVP_PKEY *key = NULL;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    size_t length = 32;
    int ok = context != NULL && EVP_PKEY_keygen_init(context) == 1 && EVP_PKEY_keygen(context, &key) == 1;
    response->public_key = malloc(32);
    response->key_handle = malloc(32);
    ok = ok && response->public_key != NULL && response->key_handle != NULL
        && EVP_PKEY_get_raw_public_key(key, response->public_key, &length) == 1 && length == 32
        && EVP_PKEY_get_raw_private_key(key, response->key_handle, &length) == 1 && length == 32;
    response->public_key_len = 32;
    response->key_handle_len = 32;
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(context);
    return ok ? 0 : SSH_SK_ERR_GENERAL;
}

static int enroll_ecdsa(struct sk_enroll_response *response) {
    EC_KEY *key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    int ok = key != NULL && EC_KEY_generate_key(key) == 1;
    response->public_key = malloc(65);
    response->key_handle = malloc(32);
    ok = ok && response->public_key != NULL && response->key_handle != NULL
        && EC_POINT_point2oct(EC_KEY_get0_group(key), EC_KEY_get0_public_key(key), POINT_CONVERSION_UNCOMPRESSED,
               response->public_key, 65, NULL) == 65
        && BN_bn2binpad(EC_KEY_get0_private_key(key), response->key_handle, 32) == 32;
    response->public_key_len = 65;
    response->key_handle_len = 32;
    EC_KEY_free(key);
    return ok ? 0 : SSH_SK_ERR_GENERAL;
}

int sk_enroll(uint32_t alg, const uint8_t *challenge, size_t challenge_len, const char *application,
    uint8_t flags, const char *pin, struct sk_option **options, struct sk_enroll_response **enroll_response) {
    struct sk_enroll_response *response = calloc(1, sizeof(*response));
    int result;
    (void) challenge; (void) challenge_len; (void) application; (void) pin; (void) options;
    if (response == NULL) {
        return SSH_SK_ERR_GENERAL;
    }
    response->flags = flags;
    result = alg == SSH_SK_ED25519 ? enroll_ed25519(response)
        : alg == SSH_SK_ECDSA ? enroll_ecdsa(response) : SSH_SK_ERR_UNSUPPORTED;
    if (result != 0) {
        free(response->public_key);
        free(response->key_handle);
        free(response);
        return result;
    }
    *enroll_response = response;
    return 0;
}

static int sign_ed25519(const uint8_t *message, const uint8_t *handle, size_t handle_len,
    struct sk_sign_response *response) {
    EVP_PKEY *key = handle_len == 32 ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, handle, 32) : NULL;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    size_t length = 64;
    int ok;
    response->sig_r = malloc(64);
    ok = key != NULL && context != NULL && response->sig_r != NULL
        && EVP_DigestSignInit(context, NULL, NULL, NULL, key) == 1
        && EVP_DigestSign(context, response->sig_r, &length, message, 69) == 1 && length == 64;
    response->sig_r_len = 64;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    return ok ? 0 : SSH_SK_ERR_GENERAL;
}

static int sign_ecdsa(const uint8_t *message, const uint8_t *handle, size_t handle_len,
    struct sk_sign_response *response) {
    uint8_t digest[32];
    EC_KEY *key = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM *secret = handle_len == 32 ? BN_bin2bn(handle, 32, NULL) : NULL;
    ECDSA_SIG *signature = NULL;
    const BIGNUM *r, *s;
    int ok = key != NULL && secret != NULL && EC_KEY_set_private_key(key, secret) == 1;
    SHA256(message, 69, digest);
    signature = ok ? ECDSA_do_sign(digest, sizeof(digest), key) : NULL;
    if (signature != NULL) {
        ECDSA_SIG_get0(signature, &r, &s);
        response->sig_r_len = BN_num_bytes(r);
        response->sig_s_len = BN_num_bytes(s);
        response->sig_r = malloc(response->sig_r_len);
        response->sig_s = malloc(response->sig_s_len);
        ok = response->sig_r != NULL && response->sig_s != NULL;
        if (ok) {
            BN_bn2bin(r, response->sig_r);
            BN_bn2bin(s, response->sig_s);
        }
    } else {
        ok = 0;
    }
    ECDSA_SIG_free(signature);
    BN_free(secret);
    EC_KEY_free(key);
    return ok ? 0 : SSH_SK_ERR_GENERAL;
}

int sk_sign(uint32_t alg, const uint8_t *data, size_t data_len, const char *application,
    const uint8_t *key_handle, size_t key_handle_len, uint8_t flags, const char *pin,
    struct sk_option **options, struct sk_sign_response **sign_response) {
    uint8_t message[69];
    struct sk_sign_response *response = calloc(1, sizeof(*response));
    int result;
    (void) flags; (void) pin; (void) options;
    if (response == NULL) {
        return SSH_SK_ERR_GENERAL;
    }
    /* the "touch"; SK_SOFT_FLAGS replaces it, so tests can sign as a key nobody touched */
    response->flags = getenv("SK_SOFT_FLAGS") != NULL ? (uint8_t) strtol(getenv("SK_SOFT_FLAGS"), NULL, 0)
        : SSH_SK_USER_PRESENCE_REQD;
    response->counter = ++counter;
    SHA256((const uint8_t *) application, strlen(application), message);
    message[32] = response->flags;
    message[33] = (uint8_t) (response->counter >> 24);
    message[34] = (uint8_t) (response->counter >> 16);
    message[35] = (uint8_t) (response->counter >> 8);
    message[36] = (uint8_t) response->counter;
    SHA256(data, data_len, message + 37);
    result = alg == SSH_SK_ED25519 ? sign_ed25519(message, key_handle, key_handle_len, response)
        : alg == SSH_SK_ECDSA ? sign_ecdsa(message, key_handle, key_handle_len, response) : SSH_SK_ERR_UNSUPPORTED;
    if (result != 0) {
        free(response->sig_r);
        free(response->sig_s);
        free(response);
        return result;
    }
    *sign_response = response;
    return 0;
}

int sk_load_resident_keys(const char *pin, struct sk_option **options, struct sk_resident_key ***rks,
    size_t *nrks) {
    (void) pin; (void) options;
    *rks = NULL;
    *nrks = 0;
    return SSH_SK_ERR_UNSUPPORTED;
}
