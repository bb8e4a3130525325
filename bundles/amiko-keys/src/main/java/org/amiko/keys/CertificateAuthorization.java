// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.net.InetAddress;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.amiko.spi.wire.PeerText;

/**
 * Whether a user certificate may log in under a {@code cert-authority} line of authorized_keys,
 * and with what restrictions, as sshd's auth2-pubkeyfile.c and auth-options.c decide
 * (OpenSSH PROTOCOL.certkeys, sshd(8) AUTHORIZED_KEYS FILE FORMAT):
 * <ul>
 *   <li>the certificate is a user certificate, within its validity period;</li>
 *   <li>with {@code principals=} on the line, one of the certificate's principals is in that
 *       list; without it, the user name is one of them;</li>
 *   <li>its critical options are understood: {@code force-command} (which must agree with the
 *       line's {@code command=} if both are set) and {@code source-address}, which the client's
 *       address must match; {@code verify-required} demands a security key's user-verification
 *       flag (a PIN), which the signature check does not pass on, so such a certificate is
 *       refused;</li>
 *   <li>its permissions are the {@code permit-*} extensions it carries, narrowed further by the
 *       line's own options.</li>
 * </ul>
 * The authority's signature is checked where the certificate is read off the wire.
 */
public final class CertificateAuthorization {
    private CertificateAuthorization() {}

    /**
     * Decides a login.
     *
     * @param authority a {@code cert-authority} line whose key signed the certificate
     * @return the restrictions of the login
     * @throws ParseException with the reason when the certificate may not log in by this line
     */
    public static KeyRestrictions check(AuthorizedKey authority, OpenSshCertificate certificate, String user,
            InetAddress client, Instant now) throws ParseException {
        return check(authority, KeyRestrictions.of(authority.options(), ZoneId.systemDefault()), certificate, user,
                client, now);
    }

    /**
     * As {@link #check(AuthorizedKey, OpenSshCertificate, String, InetAddress, Instant)}, with the
     * line's restrictions already read (by a server that checked its {@code from=} and
     * {@code expiry-time=} first).
     */
    public static KeyRestrictions check(AuthorizedKey authority, KeyRestrictions line, OpenSshCertificate certificate,
            String user, InetAddress client, Instant now) throws ParseException {
        if (!authority.isCertAuthority() || !sameKey(authority, certificate)) {
            throw new ParseException("the line is not the authority of this certificate", 0);
        }
        Optional<String> principals = authority.options().stream().filter(o -> o.name().equals("principals"))
                .map(KeyOption::value).findFirst();
        String invalid = certificate.checkValid(OpenSshCertificate.Kind.USER, principals.isPresent() ? null : user, now);
        if (invalid == null && principals.isPresent()) {
            List<String> allowed = Arrays.asList(principals.get().split(",", -1));
            boolean listed = certificate.principals().stream().anyMatch(allowed::contains);
            invalid = listed ? null : "no certificate principal is in the line's principals=";
        }
        if (invalid != null) {
            throw new ParseException(invalid, 0);
        }
        Optional<String> command = line.forcedCommand();
        for (Map.Entry<String, String> option : certificate.criticalOptions().entrySet()) {
            switch (option.getKey()) {
                case "force-command" -> {
                    if (command.isPresent() && !command.get().equals(option.getValue())) {
                        throw new ParseException("the certificate's force-command differs from the line's command=", 0);
                    }
                    command = Optional.of(option.getValue());
                }
                case "source-address" -> {
                    if (!AddressPatterns.inCidrList(client, option.getValue())) {
                        throw new ParseException("the client's address is not in the certificate's source-address", 0);
                    }
                }
                default -> throw new ParseException("unsupported certificate critical option "
                        + PeerText.printable(option.getKey(), 64), 0);
            }
        }
        Map<String, String> permits = certificate.extensions();
        return new KeyRestrictions(command, line.environment(), line.pty() && permits.containsKey("permit-pty"),
                line.portForwarding() && permits.containsKey("permit-port-forwarding"),
                line.agentForwarding() && permits.containsKey("permit-agent-forwarding"),
                line.x11Forwarding() && permits.containsKey("permit-X11-forwarding"),
                line.userRc() && permits.containsKey("permit-user-rc"), line.from(), line.expiresAt(),
                line.permitOpen(), line.permitListen());
    }

    private static boolean sameKey(AuthorizedKey authority, OpenSshCertificate certificate) {
        try {
            return Arrays.equals(PublicKeyBlob.encode(authority.key()), PublicKeyBlob.encode(certificate.signatureKey()));
        } catch (java.security.InvalidKeyException e) {
            return false;
        }
    }
}
