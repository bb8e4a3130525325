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
 * {@code AuthenticationMethods}): the methods completed so far, in order, and the plain keys that
 * completed {@code publickey} or {@code hostbased} (a certificate's being its certified key). A list is followed while the completed methods are its beginning;
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
     * Whether the key of {@code plainBlob} already completed a {@code publickey} or
     * {@code hostbased} step, so cannot complete another. The callers pass a certificate's
     * certified key, so that a certificate and its key count as one key, as sshd's
     * {@code auth2_key_already_used} counts them.
     */
    boolean keyUsed(byte[] plainBlob) {
        return keysUsed.stream().anyMatch(used -> MessageDigest.isEqual(used, plainBlob));
    }

    /**
     * Records that {@code method} succeeded (with the blob of its plain key for publickey and
     * hostbased, else null).
     *
     * @return whether a list is now complete
     */
    boolean complete(List<List<String>> lists, String method, byte[] plainBlob) {
        completed.add(method);
        if (plainBlob != null) {
            keysUsed.add(plainBlob);
        }
        return lists.stream().anyMatch(completed::equals);
    }

    /** The methods completed, joined as sshd logs them ({@code publickey,password}). */
    String summary() {
        return String.join(",", completed);
    }
}
