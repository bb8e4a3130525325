// SPDX-License-Identifier: Apache-2.0
/** Server-side hooks: authentication and channel decisions, subsystems (RFC 4252, RFC 4254). */
@org.osgi.annotation.versioning.Version("1.6.0")
package org.amiko.server;
