package dev.settlement.bench;

import java.util.List;

/** A figure as the doc shows it: the median of several runs, with the lowest and highest run. */
public record Spread(double median, double min, double max, int runs) {

    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    /** "1234 (1100–1300)" with the given number of decimals. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(f + " (" + f + "–" + f + ")", median, min, max);
    }
}
