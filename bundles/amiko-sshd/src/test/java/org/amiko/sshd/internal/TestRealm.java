// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.security.Principal;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.publickey.PublickeyCallback;

/**
 * For tests: a JAAS realm {@code test} of two users, as Karaf's properties realm would hold them:
 * {@code karaf} (password {@code karaf}, roles admin and ssh) and {@code watcher} (password
 * {@code watch}, role viewer alone) and {@code guest} (password {@code guest}, no role), and the
 * key of {@code keyed} (roles viewer and ssh); and a
 * realm {@code lax} whose module asks for nothing.
 */
public final class TestRealm {
    /** The realms {@code test} (passwords or keys, either sufficient, as Karaf's {@code karaf}) and {@code lax}. */
    static final Configuration CONFIGURATION = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return switch (name) {
                case "test" -> new AppConfigurationEntry[] {
                    new AppConfigurationEntry(Passwords.class.getName(), LoginModuleControlFlag.SUFFICIENT, Map.of()),
                    new AppConfigurationEntry(Keys.class.getName(), LoginModuleControlFlag.SUFFICIENT, Map.of())};
                // a module that asks for nothing and succeeds: a misconfigured realm
                case "lax" -> new AppConfigurationEntry[] {
                    new AppConfigurationEntry(Lax.class.getName(), LoginModuleControlFlag.REQUIRED, Map.of())};
                default -> null;
            };
        }
    };

    /** The key of user {@code keyed} (roles viewer and ssh), as etc/keys.properties holds one; none until set. */
    static volatile PublicKey keyedKey;
    /** How many times the key module was asked. */
    static final AtomicInteger KEY_LOGINS = new AtomicInteger();
    /** The client a module last saw in its subject as it logged in, as Karaf's audit modules name it. */
    static volatile String lastClient;
    /** How many times the password module was asked. */
    static final AtomicInteger PASSWORD_LOGINS = new AtomicInteger();

    private static final Map<String, List<String>> USERS = Map.of("karaf", List.of("karaf", "admin", "ssh"),
            "watcher", List.of("watch", "viewer"), "guest", List.of("guest"));

    private TestRealm() {
    }

    /**
     * A module that, once its {@link #check} has named a user, gives the subject that user and the
     * roles {@link #check} returned.
     */
    private abstract static class Module implements LoginModule {
        private Subject subject;
        CallbackHandler handler;
        private List<Principal> principals;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
                Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        /** The user's principal and roles, or a LoginException. */
        abstract List<Principal> check() throws LoginException;

        /** Asks {@link #handler} for {@code callbacks}. */
        void ask(Callback... callbacks) throws LoginException {
            try {
                handler.handle(callbacks);
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
        }

        @Override
        public boolean login() throws LoginException {
            subject.getPrincipals(ClientPrincipal.class).forEach(client -> lastClient = client.getName());
            principals = check();
            return true;
        }

        @Override
        public boolean commit() {
            if (principals == null) {
                return false; // this module's login failed; another one's may have succeeded
            }
            subject.getPrincipals().addAll(principals);
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    private static List<Principal> principals(String user, List<String> roles) {
        List<Principal> principals = new ArrayList<>(List.of(new UserPrincipal(user)));
        roles.forEach(role -> principals.add(new RolePrincipal(role)));
        return principals;
    }

    /** The realm's password module, as Karaf's PropertiesLoginModule: asks for the name and the password. */
    public static final class Passwords extends Module {
        @Override
        List<Principal> check() throws LoginException {
            PASSWORD_LOGINS.incrementAndGet();
            NameCallback name = new NameCallback("user: ");
            PasswordCallback password = new PasswordCallback("password: ", false);
            ask(name, password);
            List<String> entry = USERS.get(name.getName());
            if (entry == null || !Arrays.equals(entry.get(0).toCharArray(), password.getPassword())) {
                throw new FailedLoginException("wrong user or password");
            }
            return principals(name.getName(), entry.subList(1, entry.size()));
        }
    }

    /** The realm's key module, as Karaf's PublickeyLoginModule: asks for the name and the key. */
    public static final class Keys extends Module {
        @Override
        List<Principal> check() throws LoginException {
            KEY_LOGINS.incrementAndGet();
            NameCallback name = new NameCallback("user: ");
            PublickeyCallback key = new PublickeyCallback();
            ask(name, key);
            if (!"keyed".equals(name.getName()) || keyedKey == null || !keyedKey.equals(key.getPublicKey())) {
                throw new FailedLoginException("wrong user or key");
            }
            return principals("keyed", List.of("viewer", "ssh"));
        }
    }

    /** Succeeds without asking anything, and holds the ssh role: a realm set up wrongly. */
    public static final class Lax extends Module {
        @Override
        List<Principal> check() {
            return List.of(new RolePrincipal("ssh"));
        }
    }
}
