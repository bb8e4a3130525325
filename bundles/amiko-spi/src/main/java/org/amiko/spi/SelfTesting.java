// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi;

import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optionally implemented by an algorithm plug-in: a known-answer test the catalog runs once when
 * the plug-in arrives. A plug-in that fails it is not offered, and the failure is reported to
 * operators. (The catalog also runs a generic round trip on every cipher and MAC.)
 */
@ConsumerType
public interface SelfTesting {

    /**
     * Computes known answers and compares them.
     *
     * @throws GeneralSecurityException naming what did not match
     */
    void selfTest() throws GeneralSecurityException;
}
