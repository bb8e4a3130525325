// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Known-answer vectors in the text form that NIST CAVP and most RFC transcriptions use: records of
 * {@code NAME = value} lines separated by blank lines; {@code #} starts a comment line; a line that
 * starts with white space continues the value above (for long hex). Names are case-insensitive;
 * {@code [SECTION]} lines are skipped.
 */
public final class VectorFile {
    private final String name;
    private final List<Vector> vectors;

    private VectorFile(String name, List<Vector> vectors) {
        this.name = name;
        this.vectors = Collections.unmodifiableList(vectors);
    }

    /**
     * Reads a class-path resource, for example {@code /vectors/rfc4231.txt}.
     *
     * @throws IllegalArgumentException if it is missing or holds no record
     */
    public static VectorFile load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses vector text; {@code name} appears in messages. */
    public static VectorFile parse(String name, String text) {
        List<Vector> vectors = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || trimmed.startsWith("[")) {
                    continue;
                }
                if (trimmed.isEmpty()) {
                    if (!fields.isEmpty()) {
                        vectors.add(new Vector(name, vectors.size(), fields));
                        fields = new LinkedHashMap<>();
                    }
                    last = null;
                } else if (Character.isWhitespace(line.charAt(0)) && last != null) {
                    fields.put(last, fields.get(last) + trimmed);
                } else {
                    int eq = trimmed.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(name + ": not NAME = value: " + trimmed);
                    }
                    last = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    fields.put(last, trimmed.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!fields.isEmpty()) {
            vectors.add(new Vector(name, vectors.size(), fields));
        }
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no vector");
        }
        return new VectorFile(name, vectors);
    }

    /** All records, in file order. */
    public List<Vector> vectors() {
        return vectors;
    }

    /** The first record that has {@code field} equal to {@code value}. */
    public Vector find(String field, String value) {
        for (Vector vector : vectors) {
            if (vector.has(field) && vector.text(field).equals(value)) {
                return vector;
            }
        }
        throw new IllegalArgumentException(name + " has no vector with " + field + " = " + value);
    }

    @Override
    public String toString() {
        return name + " (" + vectors.size() + " vectors)";
    }

    /** One record. */
    public static final class Vector {
        private final String file;
        private final int index;
        private final Map<String, String> fields;

        Vector(String file, int index, Map<String, String> fields) {
            this.file = file;
            this.index = index;
            this.fields = Collections.unmodifiableMap(fields);
        }

        public boolean has(String field) {
            return fields.containsKey(field.toLowerCase(Locale.ROOT));
        }

        /** The field as written. */
        public String text(String field) {
            String value = fields.get(field.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new IllegalArgumentException(this + " has no field " + field);
            }
            return value;
        }

        /** The field decoded from hex; white space and an empty value are allowed. */
        public byte[] hex(String field) {
            return HexFormat.of().parseHex(text(field).replaceAll("\\s", "").toLowerCase(Locale.ROOT));
        }

        /** The field as an unsigned hex number; unlike {@link #hex} it may have an odd number of digits. */
        public BigInteger unsigned(String field) {
            return new BigInteger(text(field).replaceAll("\\s", ""), 16);
        }

        /** The field as a decimal integer. */
        public int number(String field) {
            return Integer.parseInt(text(field));
        }

        @Override
        public String toString() {
            return file + " #" + index + (fields.containsKey("count") ? " (COUNT " + fields.get("count") + ")" : "");
        }
    }
}
