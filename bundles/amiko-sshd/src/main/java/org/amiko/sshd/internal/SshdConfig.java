// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The configuration of PID {@code org.amiko.sshd}, as {@code etc/org.amiko.sshd.cfg} holds it.
 * Relative paths are resolved against {@code amiko.home} (the distribution directory).
 */
@ObjectClassDefinition(name = "Amiko SSH server", description = "The SSH listener of the Amiko runtime")
public @interface SshdConfig {

    @AttributeDefinition(description = "TCP port to listen on")
    int port() default 2222;

    @AttributeDefinition(description = "Address to bind; 127.0.0.1 keeps the server local, 0.0.0.0 opens it to all")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "OpenSSH authorized_keys file; a key listed here may log in under any user name. "
            + "With %u (etc/keys/%u), as sshd's AuthorizedKeysFile, a file per user whose keys log in under that name only. "
            + "Several files separated by spaces count together (\"a path\" with spaces in quotes). none: no key logs in")
    String authorizedKeys() default "etc/authorized_keys";

    @AttributeDefinition(description = "Keys refused whatever authorized_keys says (sshd's RevokedKeys): an OpenSSH KRL "
            + "(ssh-keygen -k) or one public key per line; certificates also by serial, key ID or authority. Empty or "
            + "none: none. A file set here that cannot be read lets no key in")
    String revokedKeys() default "";

    @AttributeDefinition(description = "Kerberos keytab holding the server's host/NAME key: set it to offer gssapi-with-mic "
            + "(RFC 4462). Empty: off. The realm's KDC comes from the JVM's Kerberos configuration "
            + "(-Djava.security.krb5.conf, else /etc/krb5.conf)")
    String gssapiKeytab() default "";

    @AttributeDefinition(description = "The server's principal, whose key in the keytab accepts logins, e.g. "
            + "host/server.example.org@EXAMPLE.ORG; required with gssapiKeytab. * takes any key in the keytab (sshd's "
            + "GSSAPIStrictAcceptorCheck no): then any service whose key is there can pose as this server")
    String gssapiPrincipal() default "";

    @AttributeDefinition(description = "Kerberos principals that may log in (under any user name, as authorized keys), an "
            + "OpenSSH pattern list such as *@EXAMPLE.ORG,!guest@EXAMPLE.ORG. Empty: none")
    String gssapiUsers() default "";

    @AttributeDefinition(description = "Host-based logins (sshd's HostbasedAuthentication, RFC 4252 section 9): a client "
            + "host whose key is in hostbasedKnownHosts vouches for its users as hostbasedUsers allows, as for ssh with "
            + "HostbasedAuthentication yes and ssh-keysign. Only for hosts run by the same administrators")
    boolean hostbasedAuthentication() default false;

    @AttributeDefinition(description = "The client hosts' keys for hostbased logins, in known_hosts format (sshd's "
            + "/etc/ssh/ssh_known_hosts): hostname key, or @cert-authority for host certificates; read again when it changes")
    String hostbasedKnownHosts() default "etc/ssh_known_hosts";

    @AttributeDefinition(description = "Which users of which client hosts may log in by hostbased, in sshd's "
            + "shosts.equiv format: 'host' lets a user of host in under the same name, 'host user' lets that user in "
            + "under any name, '-' before either refuses; the first matching line decides")
    String hostbasedUsers() default "etc/shosts.equiv";

    @AttributeDefinition(description = "Whether hostbased takes the client's host name as the client sends it (sshd's "
            + "HostbasedUsesNameFromPacketOnly); false names the host by what its address resolves to (and back)")
    boolean hostbasedUsesNameFromPacketOnly() default false;

    @AttributeDefinition(description = "Password users: name = salted PBKDF2 hash (bin/amiko passwd NAME sets one)")
    String users() default "etc/users.properties";

    @AttributeDefinition(description = "Directory holding ssh_host_*_key files; missing ones are created")
    String hostKeyDirectory() default "etc";

    @AttributeDefinition(description = "What exec and shell run: gogo (Gogo commands) or os (operating-system commands "
            + "through osShell, /bin/sh by default, as the server's user)",
            options = {
                @org.osgi.service.metatype.annotations.Option(label = "Gogo commands", value = "gogo"),
                @org.osgi.service.metatype.annotations.Option(label = "Operating-system commands", value = "os")
            })
    String shell() default "gogo";

    @AttributeDefinition(description = "With shell=os, the shell that runs commands (SHELL -c COMMAND) and a client's "
            + "shell (the login shell SHELL -l), as sshd runs the user's shell: an absolute path, such as /bin/bash for "
            + "line editing and history on a terminal")
    String osShell() default "/bin/sh";

    @AttributeDefinition(description = "With shell=gogo, the directory where each user's Gogo lines are kept for Up and "
            + "Ctrl-R in their later sessions (one file per user, readable by this server's account only, the last 500 "
            + "lines). none: in memory only, per session. Karaf's console keeps its own history")
    String shellHistory() default "data/history";

    @AttributeDefinition(description = "Seconds a client has to authenticate")
    int loginGraceTime() default 120;

    @AttributeDefinition(description = "Failed authentication attempts per connection before it is closed")
    int maxAuthTries() default 6;

    @AttributeDefinition(description = "Methods every login must complete (sshd's AuthenticationMethods): any, or "
            + "space-separated lists of comma-separated methods (publickey, password, keyboard-interactive, gssapi-with-mic, hostbased), each completed "
            + "in its order, one list sufficing: publickey,password asks for a key and then the password")
    String authenticationMethods() default "any";

    @AttributeDefinition(description = "A file of one-time code secrets (user = base32 secret, made by bin/amiko otp USER): "
            + "those users may answer keyboard-interactive with the 6-digit code of their authenticator app (TOTP, RFC "
            + "6238), only as a second factor: authenticationMethods must ask for keyboard-interactive after another "
            + "method, as publickey,keyboard-interactive does. Empty: off")
    String oneTimePasswords() default "";

    @AttributeDefinition(description = "A file whose text every client is shown before it authenticates (sshd's "
            + "Banner), read again when it changes; empty for none")
    String banner() default "";

    @AttributeDefinition(description = "Refuses for a while the new connections of a client address whose connections "
            + "ended badly before login, as sshd's PerSourcePenalties (OpenSSH 9.8): yes (sshd's defaults: authfail:5s "
            + "noauth:1s grace-exceeded:10s, refusing once more than min:15s add up, at most max:10m), no, or such words")
    String perSourcePenalties() default "yes";

    @AttributeDefinition(description = "Connections not yet authenticated that one source may have at once, as "
            + "sshd's PerSourceMaxStartups, besides maxStartups; 0: no such limit")
    int perSourceMaxStartups() default 0;

    @AttributeDefinition(description = "The bits of an IPv4 and an IPv6 address that make one source for "
            + "perSourceMaxStartups and the penalties, as sshd's PerSourceNetBlockSize: 32:128 (each address its own)")
    String perSourceNetBlockSize() default "32:128";

    @AttributeDefinition(description = "Client addresses never penalised, as sshd's PerSourcePenaltyExemptList: "
            + "addresses, CIDR networks and address patterns, separated by commas; empty for none")
    String perSourcePenaltyExemptList() default "";

    @AttributeDefinition(description = "Who may log in at all, as sshd's AllowUsers: patterns separated by spaces, "
            + "user or user@host (host patterns, addresses and CIDR networks, matched against the client's address); "
            + "when set, a user none matches is refused whatever the credential. Empty: everyone")
    String allowUsers() default "";

    @AttributeDefinition(description = "Who may not log in, as sshd's DenyUsers, in allowUsers' patterns; it wins over "
            + "allowUsers. Empty: no one")
    String denyUsers() default "";

    @AttributeDefinition(description = "Seconds without a word from a client after which the server asks whether it "
            + "is still there (sshd's ClientAliveInterval); clientAliveCountMax unanswered questions end the "
            + "connection. 0 never asks")
    int clientAliveInterval() default 0;

    @AttributeDefinition(description = "How many of those questions in a row may go unanswered before the "
            + "connection is ended (sshd's ClientAliveCountMax); 0 never ends it, as in sshd since 8.2")
    int clientAliveCountMax() default 3;

    @AttributeDefinition(description = "Seconds a logged-in connection may go without an open channel (a session "
            + "or a forwarded connection; a listening forwarding is none) before it is closed, counted from login "
            + "and again from the close of its last channel (sshd's UnusedConnectionTimeout); 0 never closes it")
    int unusedConnectionTimeout() default 0;

    @AttributeDefinition(description = "When keys are exchanged again, as sshd's RekeyLimit: an amount of data, both "
            + "directions together (bytes, or with K, M or G: 1G, 512M; at least 16K), or default (1G); then "
            + "optionally a time (1h, 30m); without one, or with none, no time limit")
    String rekeyLimit() default "1G 1h";

    @AttributeDefinition(description = "Environment variables a client may set for its command (ssh's SendEnv and "
            + "SetEnv), as sshd's AcceptEnv: names and patterns with * and ? separated by spaces; others are refused, "
            + "and PATH, HOME, USER, LOGNAME, SHELL, MAIL, TERM, DISPLAY, XAUTHORITY, SSH_*, LD_* and SCOPE always. "
            + "Empty: none")
    String acceptEnv() default "LANG LC_*";

    @AttributeDefinition(description = "Environment variables every command gets, as sshd's SetEnv (with shell=gogo, "
            + "as Gogo session variables): NAME=VALUE words separated by spaces, a value with spaces in quotes "
            + "(GREETING=\"hello world\"); they replace the session's defaults (PATH, say), the client's and a key's, "
            + "not SSH_ORIGINAL_COMMAND, SSH_TTY, SSH_CLIENT or SSH_CONNECTION; the first of a name counts. Empty or "
            + "none: none")
    String setEnv() default "";

    @AttributeDefinition(description = "Whether a key's environment= options in authorized_keys set variables, as sshd's "
            + "PermitUserEnvironment: no (as sshd: such variables could let a key with a forced command run code of "
            + "its own through LD_PRELOAD or PATH), yes, or the names and patterns allowed, commas between them "
            + "(LANG,LC_*). Server-wide only")
    String permitUserEnvironment() default "no";

    @AttributeDefinition(description = "A command every login runs in place of what it asks, as sshd's ForceCommand "
            + "(what it asked is in SSH_ORIGINAL_COMMAND; a key's command= gives way to it); internal-sftp makes an "
            + "SFTP-only server, with OpenSSH sftp-server's options for its sessions (internal-sftp -R -l INFO). Empty or none: none. In etc/*.cfg, ${...} is replaced as the file "
            + "is read: write $SSH_ORIGINAL_COMMAND without braces")
    String forceCommand() default "";

    @AttributeDefinition(description = "Channels that carry no data for a while are closed, as sshd's ChannelTimeout: "
            + "type=interval pairs (session=5m direct-tcpip=1h), the first pattern that matches a channel deciding; "
            + "types are session (session:shell, session:command, session:subsystem:sftp for what a session does), "
            + "direct-tcpip, forwarded-tcpip, direct-streamlocal@openssh.com, forwarded-streamlocal@openssh.com, "
            + "x11-connection, agent-connection, with * and ? wildcards (session alone matches every session, where "
            + "sshd matches it only until the session starts); global=interval closes every channel once none has "
            + "carried data for that long. Empty or none: no timeout")
    String channelTimeout() default "";

    @AttributeDefinition(description = "Session channels a connection may have open at once, as sshd's MaxSessions: "
            + "what clients that multiplex one connection (ssh -o ControlMaster) open; one more is refused. 1 turns "
            + "multiplexing off, 0 allows forwarding only")
    int maxSessions() default 10;

    @AttributeDefinition(description = "Connections that may be unauthenticated at once, as sshd's MaxStartups: a "
            + "number, more being closed as they arrive (0: no limit), or begin:rate:full (sshd's default 10:30:100): "
            + "from begin, new ones are refused rate percent of the time, rising to all of them at full")
    String maxStartups() default "100";

    @AttributeDefinition(description = "TCP port forwarding (sshd's AllowTcpForwarding): yes or all (ssh -L and -R), "
            + "local (ssh -L: the server connects out), remote (ssh -R: the server listens) or no. A key's "
            + "no-port-forwarding, permitopen= and permitlisten= narrow it further",
            options = {
                @org.osgi.service.metatype.annotations.Option(label = "no forwarding", value = "no"),
                @org.osgi.service.metatype.annotations.Option(label = "local and remote", value = "yes"),
                @org.osgi.service.metatype.annotations.Option(label = "local (ssh -L) only", value = "local"),
                @org.osgi.service.metatype.annotations.Option(label = "remote (ssh -R) only", value = "remote")
            })
    String allowTcpForwarding() default "no";

    @AttributeDefinition(description = "Whether ssh -R listeners bind the address the client asks for (sshd's "
            + "GatewayPorts clientspecified); false binds loopback only, so only this host can connect")
    boolean gatewayPorts() default false;

    @AttributeDefinition(description = "Where ssh -L may reach (sshd's PermitOpen): any, none, or space-separated "
            + "host:port entries, * for any host or port; names are matched as written, not looked up")
    String permitOpen() default "any";

    @AttributeDefinition(description = "Where ssh -R may listen (sshd's PermitListen): any, none, or space-separated "
            + "port or host:port entries, * for any port")
    String permitListen() default "any";

    @AttributeDefinition(description = "Unix socket forwarding (sshd's AllowStreamLocalForwarding): yes or all (ssh -L port:/path "
            + "and ssh -R /path:host:port), local, remote, or no. Sockets are used and made as this server's OS user",
            options = {
                @org.osgi.service.metatype.annotations.Option(label = "both ways", value = "yes"),
                @org.osgi.service.metatype.annotations.Option(label = "ssh -L only", value = "local"),
                @org.osgi.service.metatype.annotations.Option(label = "ssh -R only", value = "remote"),
                @org.osgi.service.metatype.annotations.Option(label = "off", value = "no")
            })
    String allowStreamLocalForwarding() default "no";

    @AttributeDefinition(description = "X11 forwarding for ssh -X and -Y (sshd's X11Forwarding), with shell=os only: "
            + "a command gets DISPLAY=127.0.0.1:N on a display listening on loopback, and its cookie in a private "
            + "XAUTHORITY file written by xauth (from the PATH). A key's no-X11-forwarding or restrict stops it")
    boolean x11Forwarding() default false;

    @AttributeDefinition(description = "The first X11 display number tried (sshd's X11DisplayOffset): display N listens "
            + "on TCP port 6000+N, at most 1000 numbers from here")
    int x11DisplayOffset() default 10;

    @AttributeDefinition(description = "Agent forwarding for ssh -A (sshd's AllowAgentForwarding), with shell=os only: a "
            + "command finds the client's agent through SSH_AUTH_SOCK. A key's no-agent-forwarding or restrict stops it")
    boolean allowAgentForwarding() default true;

    @AttributeDefinition(description = "Whether a session may have a terminal (sshd's PermitTTY): false refuses the pty "
            + "of ssh -t and of interactive logins. A key's no-pty or restrict refuses it too")
    boolean permitTTY() default true;

    @AttributeDefinition(description = "A JAAS realm that checks password logins in place of the users file, and "
            + "keys authorizedKeys does not list, as Karaf's sshRealm: in Karaf, karaf is the realm of etc/users.properties (or what etc/ configures for it); "
            + "elsewhere an entry of the JVM's JAAS configuration (-Djava.security.auth.login.config=FILE). In Karaf "
            + "the console then runs as the subject the realm logs in, with its roles. Empty: the users file",
            required = false)
    String jaasRealm() default "";

    @AttributeDefinition(description = "With jaasRealm, the role a password login must also hold, as Karaf's sshRole "
            + "(ssh in Karaf's feature configuration). Empty: none", required = false)
    String jaasRole() default "";

    @AttributeDefinition(description = "In Karaf, with shell=gogo: the JAAS roles a login's console and commands run "
            + "with, which Karaf's command ACLs (etc/org.apache.karaf.command.acl.*.cfg) check, as its own SSH console "
            + "runs with the roles etc/users.properties gives a user. Names separated by commas or spaces; none for "
            + "no role (then commands the ACLs guard, feature:install or system:shutdown, are refused). The default is "
            + "what Karaf's admingroup holds. Elsewhere it changes nothing")
    String karafRoles() default "admin,manager,viewer,systembundles";

    @AttributeDefinition(description = "Turns all forwarding off (sshd's DisableForwarding): TCP and Unix socket, X11 and "
            + "agent, whatever the settings above say")
    boolean disableForwarding() default false;

    @AttributeDefinition(description = "What live sessions do when an algorithm they use is removed (plug-in stopped "
            + "or dropped from a list): rekey onto what remains, keep it until the next key exchange, or disconnect",
            options = {
                @org.osgi.service.metatype.annotations.Option(label = "re-key onto what remains", value = "rekey"),
                @org.osgi.service.metatype.annotations.Option(label = "keep until the next key exchange", value = "keep"),
                @org.osgi.service.metatype.annotations.Option(label = "disconnect", value = "disconnect")
            })
    String onAlgorithmRemoved() default "rekey";

    @AttributeDefinition(description = "Ciphers, OpenSSH syntax: a list replaces the defaults; +list appends, "
            + "-list removes, ^list puts first; * and ? are wildcards. Empty: the installed recommended ones",
            required = false)
    String ciphers() default "";

    @AttributeDefinition(description = "MACs, OpenSSH syntax as for ciphers", required = false)
    String macs() default "";

    @AttributeDefinition(description = "Key exchange methods, OpenSSH syntax as for ciphers", required = false)
    String kex() default "";

    @AttributeDefinition(description = "Host key (signature) algorithms, OpenSSH syntax as for ciphers; also the "
            + "signature algorithms accepted from users' keys while pubkeyAcceptedAlgorithms is empty",
            required = false)
    String hostKeyAlgorithms() default "";

    @AttributeDefinition(description = "Signature algorithms accepted from users' keys in publickey logins "
            + "(hostbased keeps to hostKeyAlgorithms) and listed in server-sig-algs, as sshd's "
            + "PubkeyAcceptedAlgorithms, OpenSSH syntax as for ciphers (its default set is the recommended host key "
            + "algorithms). Empty: hostKeyAlgorithms' list",
            required = false)
    String pubkeyAcceptedAlgorithms() default "";

    @AttributeDefinition(description = "Compression methods, OpenSSH syntax as for ciphers", required = false)
    String compression() default "";
}
