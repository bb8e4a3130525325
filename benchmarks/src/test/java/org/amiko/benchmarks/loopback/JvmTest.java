// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The live heap read from {@code jcmd GC.heap_info}, whatever collector the server runs. */
class JvmTest {

    @Test
    void g1ReportsOneHeapLine() {
        String info = """
                12345:
                 garbage-first heap   total 40960K, used 16793K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 4 young (16384K), 1 survivors (4096K)
                 Metaspace       used 21190K, committed 21504K, reserved 1114112K
                  class space    used 2364K, committed 2496K, reserved 1048576K
                """;
        assertEquals(16793L * 1024, Jvm.heapUsedBytes(info));
    }

    @Test
    void theSerialCollectorsGenerationsAreSummed() {
        String info = """
                12345:
                 def new generation   total 4928K, used 310K [0x00000000c0000000, 0x00000000c0550000, 0x00000000d5550000)
                  eden space 4416K,   7% used [0x00000000c0000000, 0x00000000c004d8a8, 0x00000000c0450000)
                  from space 512K,   0% used [0x00000000c0450000, 0x00000000c0450000, 0x00000000c04d0000)
                  to   space 512K,   0% used [0x00000000c04d0000, 0x00000000c04d0000, 0x00000000c0550000)
                 tenured generation   total 10944K, used 9100K [0x00000000d5550000, 0x00000000d6000000, 0x0000000100000000)
                   the space 10944K,  83% used [0x00000000d5550000, 0x00000000d5e33120, 0x00000000d5e33200, 0x00000000d6000000)
                 Metaspace       used 21190K, committed 21504K, reserved 1114112K
                  class space    used 2364K, committed 2496K, reserved 1048576K
                """;
        assertEquals((310L + 9100) * 1024, Jvm.heapUsedBytes(info));
    }

    @Test
    void noHeapLineIsMinusOne() {
        assertEquals(-1, Jvm.heapUsedBytes("12345:\n Metaspace       used 21190K, committed 21504K\n"));
    }
}
