// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * sshd's {@code PerSourceNetBlockSize}: how many leading bits of an IPv4 and of an IPv6 address
 * make one source, for {@code PerSourceMaxStartups} and {@code PerSourcePenalties} alike.
 * {@code 32:128} (the default) makes each address its own source.
 */
record NetBlock(int bits4, int bits6) {
    /**
     * {@code IPV4[:IPV6]} as sshd_config writes it; IPv6 defaults to 128.
     *
     * @throws IllegalArgumentException for anything else, or a prefix longer than the address
     */
    static NetBlock parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("PerSourceNetBlockSize " + text + ": IPV4[:IPV6] expected");
        }
        return new NetBlock(bits(parts[0], 32, text), parts.length == 2 ? bits(parts[1], 128, text) : 128);
    }

    private static int bits(String part, int most, String text) {
        if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > most) {
            throw new IllegalArgumentException("PerSourceNetBlockSize " + text + ": " + part
                    + " is not a prefix length of at most " + most);
        }
        return Integer.parseInt(part);
    }

    /** The source an address belongs to: its first bits of its family, the rest cleared. */
    ByteBuffer source(InetAddress address) {
        byte[] bytes = address.getAddress();
        int bits = bytes.length == 4 ? bits4 : bits6;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] &= (byte) (0xFF00 >>> keep);
        }
        return ByteBuffer.wrap(bytes);
    }

    /** The source as sshd's logs name one: {@code 192.0.2.0/24}. */
    String describe(InetAddress address) {
        ByteBuffer block = source(address);
        try {
            return InetAddress.getByAddress(block.array()).getHostAddress() + "/" + (block.capacity() == 4 ? bits4 : bits6);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
