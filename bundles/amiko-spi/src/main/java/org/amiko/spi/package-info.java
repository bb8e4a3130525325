// SPDX-License-Identifier: Apache-2.0
/**
 * Properties every algorithm plug-in carries: wire name, security level, preference, ranking.
 * 1.1: {@link org.amiko.spi.SshAlgorithm#ranking()} and {@link org.amiko.spi.SshAlgorithm#RANKING}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.amiko.spi;
