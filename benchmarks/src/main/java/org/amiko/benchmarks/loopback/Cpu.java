// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

/**
 * CPU a server spent between two points: the whole process tree (OpenSSH's per-connection
 * processes, the shell and command that {@code shell=os} starts) and the server process alone. The
 * end waits until the connection's processes are gone, so their time has reached the tree's root.
 */
public final class Cpu {
    /** Seconds used; {@code jit} is the part of {@code self} the JIT compiler threads used (0 if not a JVM). */
    public record Used(double tree, double self, double jit) {}

    private final Server server;
    private final int members;
    private final double tree;
    private final double self;
    private final ThreadCpu threads;

    private Cpu(Server server) {
        this.server = server;
        this.members = Proc.tree(server.pid()).size();
        this.tree = Proc.treeSeconds(server.pid());
        this.self = Proc.selfSeconds(server.pid());
        this.threads = server.isJvm() ? ThreadCpu.snapshot(server.pid()) : null;
    }

    public static Cpu start(Server server) {
        return new Cpu(server);
    }

    public Used stop() throws InterruptedException {
        Proc.awaitTreeSize(server.pid(), members, 10_000);
        double jit = threads == null ? 0 : ThreadCpu.snapshot(server.pid()).compilerSecondsSince(threads);
        return new Used(Proc.treeSeconds(server.pid()) - tree, Proc.selfSeconds(server.pid()) - self, jit);
    }
}
