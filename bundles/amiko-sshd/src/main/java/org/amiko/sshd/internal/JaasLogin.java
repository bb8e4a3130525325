// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.ConfirmationCallback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.TextOutputCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Password logins checked by a JAAS realm ({@code jaasRealm}) in place of the {@code users} file,
 * and keys the authorized keys do not list offered to it, as Karaf's own SSH server checks both by
 * its {@code sshRealm}: in Karaf, {@code karaf} is the realm of {@code etc/users.properties} and
 * {@code etc/keys.properties} (or LDAP, a database, ... as configured there); elsewhere, an entry
 * of the JVM's JAAS configuration ({@code -Djava.security.auth.login.config=FILE}). The subject the
 * realm logs in is the one a login's commands then run as in Karaf's console, with the roles it
 * holds.
 *
 * <p>With {@code jaasRole}, as Karaf's {@code sshRole}, a login must also hold that role: Karaf's
 * default {@code ssh}, which its {@code admingroup} has. A user of a Karaf realm with no role at
 * all is refused either way, as by Karaf's server.
 */
final class JaasLogin {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    /** Karaf's role principal, by name: this class links against nothing of Karaf's. */
    static final String KARAF_ROLE = "org.apache.karaf.jaas.boot.principal.RolePrincipal";
    private static final String KARAF_USER = "org.apache.karaf.jaas.boot.principal.UserPrincipal";
    /** The callback by which Karaf's realms ask for a key, by name likewise. */
    static final String KARAF_KEY_CALLBACK = "org.apache.karaf.jaas.modules.publickey.PublickeyCallback";
    /** Whether Karaf's principals are there (in Karaf) to name the client in a realm's subject. */
    private static final boolean KARAF_PRINCIPALS = karafPrincipals();

    private final String realm;
    private final String requiredRole;
    private final Configuration configuration;
    private final ClassLoader modules;
    private volatile boolean missingRealmReported;
    private volatile boolean keyCallbackReported;

    /**
     * @param requiredRole the role a login must hold, or blank for none
     * @param configuration the realms, or null for the JVM's (Karaf's, in Karaf)
     */
    JaasLogin(String realm, String requiredRole, Configuration configuration) {
        this(realm, requiredRole, configuration, JaasLogin.class.getClassLoader());
    }

    /** For tests: with {@code modules} in place of this bundle's loader, asked first for the realm's module classes. */
    JaasLogin(String realm, String requiredRole, Configuration configuration, ClassLoader modules) {
        this.realm = realm;
        this.requiredRole = requiredRole == null ? "" : requiredRole.strip();
        this.configuration = configuration;
        this.modules = new ModuleLoader(modules);
    }

    /**
     * Where LoginContext finds the realm's module classes, by name or as services: this bundle's
     * loader first (in Karaf, its ProxyLoginModule, through boot delegation), then the JVM's (the
     * JDK's own modules, such as {@code com.sun.security.auth.module.LdapLoginModule}, which
     * neither a Felix bundle's loader, whose parent is the boot loader, nor the services it sees
     * reach).
     */
    private static final class ModuleLoader extends ClassLoader {
        private final ClassLoader first;

        ModuleLoader(ClassLoader first) {
            super(ClassLoader.getSystemClassLoader());
            this.first = first;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            try {
                return first.loadClass(name);
            } catch (ClassNotFoundException e) {
                return super.loadClass(name, resolve);
            }
        }
    }

    /** The realm's name, for the log. */
    String realm() {
        return realm;
    }

    /**
     * Logs {@code user} in with {@code password} from {@code client}: the subject, or empty when the
     * realm refuses them or they lack the required role. Runs the realm's login modules, which may
     * ask a directory over the network: never on an I/O thread.
     */
    Optional<Subject> login(String user, String password, InetSocketAddress client) {
        char[] secret = password.toCharArray();
        AtomicBoolean asked = new AtomicBoolean();
        try {
            return login(callbacks -> answer(callbacks, user, secret, asked), asked, client);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Logs {@code user} in with {@code key}, which the client has shown (or is about to prove) it
     * holds, as Karaf's SSH server asks its realm about a key: Karaf's {@code PublickeyLoginModule}
     * ({@code etc/keys.properties}) answers; a realm without such a module refuses every key.
     */
    Optional<Subject> login(String user, PublicKey key, InetSocketAddress client) {
        AtomicBoolean asked = new AtomicBoolean();
        return login(callbacks -> answer(callbacks, user, key, asked), asked, client);
    }

    /**
     * Runs the realm's modules with {@code handler}. A login counts only if a module asked for
     * the secret ({@code asked}): a realm whose modules ask for none (a misconfigured one, or one
     * that only audits) would otherwise let in any password or key. In Karaf the subject names the
     * client from the start, as Karaf's SSH server names it, so that the realm's audit modules
     * record where each attempt came from.
     */
    private Optional<Subject> login(CallbackHandler handler, AtomicBoolean asked, InetSocketAddress client) {
        Subject subject = new Subject();
        if (KARAF_PRINCIPALS && client != null) {
            subject.getPrincipals().add(KarafSubject.client(client));
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's module classes through the context loader
        thread.setContextClassLoader(modules);
        try {
            LoginContext context;
            try {
                context = configuration == null ? new LoginContext(realm, subject, handler)
                        : new LoginContext(realm, subject, handler, configuration);
            } catch (LoginException | SecurityException e) {
                // no such realm, or no JAAS configuration at all: every password and key it would
                // have checked is refused, which the administrator must hear of
                if (!missingRealmReported) {
                    missingRealmReported = true;
                    LOG.log(System.Logger.Level.WARNING, "jaasRealm {0} cannot be used, so nobody logs in by it: {1}",
                            realm, e.getMessage());
                }
                return Optional.empty();
            }
            context.login();
        } catch (LoginException e) {
            // a wrong password or key, or an unknown user: refusals
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (!asked.get() || !holdsRoles(subject)) {
            return Optional.empty();
        }
        return Optional.of(subject);
    }

    /**
     * Whether {@code subject} may log in: it holds {@code jaasRole}, if one is set; and, as Karaf's
     * SSH server asks, a user a Karaf realm logged in (one with Karaf's user principal) holds some
     * role at all, so that an empty {@code jaasRole} does not admit one to whom no role was given.
     * Other realms (the JDK's modules) give no Karaf roles, and an empty {@code jaasRole} asks
     * them for none.
     */
    private boolean holdsRoles(Subject subject) {
        List<String> roles = roles(subject);
        if (roles.isEmpty() && subject.getPrincipals().stream().anyMatch(p -> isKaraf(p.getClass(), KARAF_USER))) {
            return false;
        }
        return requiredRole.isEmpty() || roles.contains(requiredRole);
    }

    private static void answer(Callback[] callbacks, String user, char[] password, AtomicBoolean asked)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password);
                asked.set(true);
            } else if (callback instanceof TextOutputCallback || callback instanceof ConfirmationCallback) {
                // a message for a person at a prompt, and its OK (the JDK's KeyStoreLoginModule): the default stands
            } else {
                throw new UnsupportedCallbackException(callback, "a password login answers name and password only");
            }
        }
    }

    /**
     * Answers a key login's callbacks: the name, and the key through Karaf's
     * {@code PublickeyCallback}, named rather than linked, as this class links nothing of Karaf's.
     */
    private void answer(Callback[] callbacks, String user, PublicKey key, AtomicBoolean asked)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback.getClass().getName().equals(KARAF_KEY_CALLBACK)) {
                try {
                    callback.getClass().getMethod("setPublicKey", PublicKey.class).invoke(callback, key);
                    asked.set(true);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the realm then refuses every key, which the administrator must hear of
                    if (!keyCallbackReported) {
                        keyCallbackReported = true;
                        LOG.log(System.Logger.Level.WARNING, "jaasRealm {0} asks for keys through another "
                                + "PublickeyCallback than Karaf 4.4''s, so no key logs in by it: {1}", realm,
                                e.toString());
                    }
                    throw new UnsupportedCallbackException(callback, "another PublickeyCallback than Karaf 4.4's");
                }
            } else {
                throw new UnsupportedCallbackException(callback, "a key login answers name and key only");
            }
        }
    }

    /** The names of the subject's roles as Karaf's ACLs count them: its principals that are Karaf role principals. */
    static List<String> roles(Subject subject) {
        List<String> roles = new ArrayList<>();
        for (Principal principal : subject.getPrincipals()) {
            if (isKaraf(principal.getClass(), KARAF_ROLE)) {
                roles.add(principal.getName());
            }
        }
        return roles;
    }

    /**
     * Whether this bundle can make Karaf's client principal: one is made, since the class must be
     * there and reachable (a named module that reads Karaf's JAAS only statically may see it on the
     * class path and yet not be allowed to use it).
     */
    private static boolean karafPrincipals() {
        try {
            KarafSubject.client(new InetSocketAddress(0));
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether {@code type} is Karaf's principal class {@code name} or extends it, by name. */
    private static boolean isKaraf(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
