// SPDX-License-Identifier: Apache-2.0
package org.amiko.agent;

import java.security.PublicKey;

/**
 * A key an agent holds (draft-miller-ssh-agent section 4.4).
 *
 * @param key the decoded public key, or null for a type Amiko cannot decode (certificates, say)
 * @param blob the public key blob as the agent sent it
 */
public record AgentIdentity(PublicKey key, byte[] blob, String comment) {}
