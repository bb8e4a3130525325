// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks;

import java.util.Arrays;
import org.amiko.benchmarks.loopback.AmikoServerMain;
import org.amiko.benchmarks.loopback.Harness;
import org.amiko.benchmarks.loopback.JfrTop;
import org.amiko.benchmarks.loopback.MinaServerMain;

/**
 * The one entry point of the benchmarks jar, so {@code benchmarks/run} needs a single class path:
 * {@code jmh ...} runs the micro-benchmarks, {@code loopback ...} the harness, and the harness starts
 * its server JVMs through {@code mina-server} and {@code amiko-server}.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench jmh [JMH options] | loopback [--help] | mina-server ... | amiko-server ... "
                    + "| jfr-top RECORDING [N]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> JmhRun.main(rest);
            case "loopback" -> System.exit(Harness.main(rest));
            case "mina-server" -> MinaServerMain.main(rest);
            case "amiko-server" -> AmikoServerMain.main(rest);
            case "jfr-top" -> JfrTop.main(rest);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }
}
