// SPDX-License-Identifier: Apache-2.0
/** Pieces of the Amiko server runtime that embedding applications can reuse. */
@org.osgi.annotation.versioning.Version("1.2.0")
package org.amiko.sshd;
