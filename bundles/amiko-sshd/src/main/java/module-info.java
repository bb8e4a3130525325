// SPDX-License-Identifier: Apache-2.0
/**
 * The Amiko server runtime for OSGi: an SSH listener configured through ConfigAdmin (PID
 * {@code org.amiko.sshd}), whose algorithms are the plug-in services present at each handshake.
 */
module org.amiko.sshd {
    requires org.amiko;
    requires org.amiko.spi;
    requires org.amiko.core;
    requires org.amiko.keys;
    requires org.amiko.agent;
    requires org.amiko.forward;
    requires static osgi.annotation;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;
    requires static org.osgi.service.cm;
    requires static org.apache.karaf.shell.core;
    requires static org.apache.karaf.jaas.boot;
    requires static org.jline;

    exports org.amiko.sshd;
}
