// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's results as Markdown: each measurement is a named series of samples (one per
 * round), printed as its median with the per-round values beside it, so the README can take the
 * tables as they are.
 */
public final class Report {
    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();

    /** Adds one sample to a series. */
    public synchronized void add(String key, double value) {
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    /** The samples of a series (empty if none). */
    public synchronized List<Double> samples(String key) {
        return List.copyOf(series.getOrDefault(key, List.of()));
    }

    /** The median of a series, NaN if it is empty. */
    public double median(String key) {
        return median(samples(key));
    }

    /** The median of the samples that are numbers: a failed run is recorded as NaN and left out. */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.removeIf(value -> value.isNaN());
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Per-round ratios {@code a[i] / b[i]}, for the rounds both have. */
    public List<Double> ratios(String a, String b) {
        List<Double> first = samples(a);
        List<Double> second = samples(b);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            if (!first.get(i).isNaN() && !second.get(i).isNaN()) {
                ratios.add(first.get(i) / second.get(i));
            }
        }
        return ratios;
    }

    /** Appends Markdown text (a heading, a table line). */
    public synchronized Report line(String line) {
        text.append(line).append('\n');
        return this;
    }

    public synchronized String text() {
        return text.toString();
    }

    /** {@code median (a, b, c)} with the given number format. */
    public String cell(String key, String format) {
        List<Double> values = samples(key);
        if (values.isEmpty()) {
            return "–";
        }
        String median = number(median(values), format);
        if (values.size() == 1) {
            return median;
        }
        StringBuilder rounds = new StringBuilder();
        for (double value : values) {
            rounds.append(rounds.length() == 0 ? "" : ", ").append(number(value, format));
        }
        return median + " (" + rounds + ")";
    }

    /** A measured value, or "failed" for a round (or a median of rounds) that measured nothing. */
    private static String number(double value, String format) {
        return Double.isNaN(value) ? "failed" : String.format(Locale.ROOT, format, value);
    }

    /** Ratio cell: the median of the per-round ratios and the rounds' values. */
    public String ratioCell(String a, String b) {
        List<Double> ratios = ratios(a, b);
        if (ratios.isEmpty()) {
            return "–";
        }
        StringBuilder rounds = new StringBuilder();
        for (double value : ratios) {
            rounds.append(rounds.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", value));
        }
        return String.format(Locale.ROOT, "**%.2fx**", median(ratios)) + (ratios.size() > 1 ? " (" + rounds + ")" : "");
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
