// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names an algorithm plug-in: its SSH wire name (RFC 4250 section 4.11, RFC 4251 section 6), its
 * security level, its default preference and its ranking against other providers of the same name.
 *
 * <p>One annotation serves both worlds. In OSGi it is a Declarative Services component property
 * type: placed on a {@code @Component} class it becomes the service properties
 * {@value #ALGORITHM}, {@value #SECURITY}, {@value #PREFERENCE} and {@value #RANKING}, so the catalog can read them
 * without instantiating anything. Outside OSGi the catalog reads the same annotation reflectively
 * from classes found by {@link java.util.ServiceLoader}. The meta-annotation is class-retained: at
 * run time this type has no OSGi dependency.
 *
 * <pre>{@code
 * @Component(service = CipherAlgorithm.class)
 * @SshAlgorithm(algorithm = "aes128-ctr", preference = 700)
 * public final class Aes128Ctr extends AesCtr { ... }
 * }</pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SshAlgorithm {
    /** Prefix that turns the element names below into service property names. */
    String PREFIX_ = "amiko.";

    /** Service property: the wire name, or a String[] of the name followed by its aliases. */
    String ALGORITHM = "amiko.algorithm";
    /** Service property: {@code recommended}, {@code legacy} or {@code insecure}. */
    String SECURITY = "amiko.security";
    /** Service property: an Integer; higher comes first in the default order. */
    String PREFERENCE = "amiko.preference";
    /**
     * Service property: an Integer that settles two providers of one wire name, the higher one winning
     * and the other kept as shadowed. In OSGi a service's own {@code service.ranking}, when it has
     * one, takes precedence (an operator can set it through configuration); this property is what the
     * plug-in author declares, and it is the only ranking outside OSGi, where {@link
     * java.util.ServiceLoader} finds providers in no specified order.
     */
    String RANKING = "amiko.ranking";

    /** The wire name first, then any aliases (for example {@code curve25519-sha256@libssh.org}). */
    String[] algorithm();

    /** One of {@link SecurityLevel}'s property values; non-recommended ones are offered only when configured. */
    String security() default "recommended";

    /** Default order within the family: higher is offered earlier. */
    int preference() default 0;

    /**
     * Which provider of the same wire name wins: the higher ranking (for example a faster
     * implementation that gives the same results). Has nothing to do with the order of negotiation,
     * which is {@link #preference()}. Since 1.1.
     */
    int ranking() default 0;
}
