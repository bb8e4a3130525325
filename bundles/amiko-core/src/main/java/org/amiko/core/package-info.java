// SPDX-License-Identifier: Apache-2.0
/** The Amiko engine's public face: the transport factory, the algorithm catalog and the server listener. */
@org.osgi.annotation.versioning.Version("1.4.0")
package org.amiko.core;
