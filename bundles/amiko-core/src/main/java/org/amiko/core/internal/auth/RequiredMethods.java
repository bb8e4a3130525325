// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection's progress through the lists of methods its user must complete
 * ({@link org.amiko.server.ServerInterface#getRequiredAuthentications}, sshd's
 * {@code AuthenticationMethods}): the methods completed so far, in order, and the keys that
 * completed {@code publickey}. A list is followed while the completed methods are its beginning;
 * the methods that may come next are those lists' next ones (RFC 4252 section 5.1's partial
 * success). Used on the connection's serial executor only.
 */
final class RequiredMethods {
    private final List<String> completed = new ArrayList<>();
    private final List<byte[]> keysUsed = new ArrayList<>();
    private String user;

    /** The user of this attempt; another user than the last one starts over. */
    void attemptBy(String name) {
        if (!name.equals(user)) {
            user = name;
            completed.clear();
            keysUsed.clear();
        }
    }

    /** The methods that may be completed next, in the lists' order; any, when there are no lists. */
    List<String> next(List<List<String>> lists) {
        Set<String> next = new LinkedHashSet<>();
        for (List<String> list : lists) {
            if (list.size() > completed.size() && list.subList(0, completed.size()).equals(completed)) {
                next.add(list.get(completed.size()));
            }
        }
        return List.copyOf(next);
    }

    /** Whether {@code method} may be tried now. */
    boolean allows(List<List<String>> lists, String method) {
        return lists.isEmpty() || next(lists).contains(method);
    }

    /**
     * Whether {@code blob} already completed a {@code publickey} or {@code hostbased} step, so
     * cannot complete another. Blobs are compared: a certificate and its plain key count as two
     * (sshd compares the plain keys; the appliance does too, for two publickey steps).
     */
    boolean keyUsed(byte[] blob) {
        return keysUsed.stream().anyMatch(used -> MessageDigest.isEqual(used, blob));
    }

    /**
     * Records that {@code method} succeeded (with {@code keyBlob} for publickey and hostbased, else null).
     *
     * @return whether a list is now complete
     */
    boolean complete(List<List<String>> lists, String method, byte[] keyBlob) {
        completed.add(method);
        if (keyBlob != null) {
            keysUsed.add(keyBlob);
        }
        return lists.stream().anyMatch(completed::equals);
    }

    /** The methods completed, joined as sshd logs them ({@code publickey,password}). */
    String summary() {
        return String.join(",", completed);
    }
}
