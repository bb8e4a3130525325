// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/**
 * An algorithm the stack knows, as {@link SecurityOptions} lists it.
 *
 * @param security {@code recommended}, {@code legacy} or {@code insecure}
 */
public record AlgorithmInfo(AlgorithmFamily family, String name, String security) {}
