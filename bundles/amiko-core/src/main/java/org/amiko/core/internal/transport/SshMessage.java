// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

/** Message numbers (RFC 4250 section 4.1, RFC 8308 section 2.3). */
public final class SshMessage {
    private SshMessage() {}

    public static final int DISCONNECT = 1;
    public static final int IGNORE = 2;
    public static final int UNIMPLEMENTED = 3;
    public static final int DEBUG = 4;
    public static final int SERVICE_REQUEST = 5;
    public static final int SERVICE_ACCEPT = 6;
    public static final int EXT_INFO = 7;
    public static final int KEXINIT = 20;
    public static final int NEWKEYS = 21;
    /** First and last numbers of the key-exchange-method range (RFC 4251 section 7). */
    public static final int KEX_FIRST = 30;
    public static final int KEX_LAST = 49;
    public static final int KEX_ECDH_INIT = 30;
    public static final int KEX_ECDH_REPLY = 31;
    // Diffie-Hellman group exchange (RFC 4419 section 5); 30 and 31 are method-specific, as above
    public static final int KEX_DH_GEX_GROUP = 31;
    public static final int KEX_DH_GEX_INIT = 32;
    public static final int KEX_DH_GEX_REPLY = 33;
    public static final int KEX_DH_GEX_REQUEST = 34;
    public static final int USERAUTH_REQUEST = 50;
    public static final int USERAUTH_FAILURE = 51;
    public static final int USERAUTH_SUCCESS = 52;
    public static final int USERAUTH_BANNER = 53;
    public static final int USERAUTH_PK_OK = 60;
    public static final int USERAUTH_INFO_REQUEST = 60;
    public static final int USERAUTH_INFO_RESPONSE = 61;
    // gssapi-with-mic (RFC 4462 section 3.2-3.9); 60 and 61 are method-specific, as above
    public static final int USERAUTH_GSSAPI_RESPONSE = 60;
    public static final int USERAUTH_GSSAPI_TOKEN = 61;
    public static final int USERAUTH_GSSAPI_EXCHANGE_COMPLETE = 63;
    public static final int USERAUTH_GSSAPI_ERROR = 64;
    public static final int USERAUTH_GSSAPI_ERRTOK = 65;
    public static final int USERAUTH_GSSAPI_MIC = 66;
    public static final int GLOBAL_REQUEST = 80;
    public static final int REQUEST_SUCCESS = 81;
    public static final int REQUEST_FAILURE = 82;
    public static final int CHANNEL_OPEN = 90;
    public static final int CHANNEL_OPEN_CONFIRMATION = 91;
    public static final int CHANNEL_OPEN_FAILURE = 92;
    public static final int CHANNEL_WINDOW_ADJUST = 93;
    public static final int CHANNEL_DATA = 94;
    public static final int CHANNEL_EXTENDED_DATA = 95;
    public static final int CHANNEL_EOF = 96;
    public static final int CHANNEL_CLOSE = 97;
    public static final int CHANNEL_REQUEST = 98;
    public static final int CHANNEL_SUCCESS = 99;
    public static final int CHANNEL_FAILURE = 100;
    /** OpenSSH PROTOCOL section 1.9, from the local extension range (RFC 4250 section 4.1.2). */
    public static final int PING = 192;
    public static final int PONG = 193;

    /** Whether a message belongs to key exchange (allowed while one is in progress, RFC 4253 section 7.1). */
    public static boolean isKex(int type) {
        return type == KEXINIT || type == NEWKEYS || (type >= KEX_FIRST && type <= KEX_LAST);
    }

    /** Whether a message is a transport-layer generic one (1-19) that may be sent at any time. */
    public static boolean isTransportGeneric(int type) {
        return type >= 1 && type <= 19;
    }
}
