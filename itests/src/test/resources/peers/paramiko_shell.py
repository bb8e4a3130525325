#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko's invoke_shell against a server: a terminal of its size, Ctrl-C, a window change and
the exit status; prints "ok NAME" or "fail NAME: WHY" lines.

Usage: paramiko_shell.py HOST PORT USER KEY KNOWN_HOSTS

The terminal echoes what is typed, so every line the checks wait for is computed by the shell
($((6*7)) prints 42): the echo of the typed line never holds it.
"""

import socket
import sys
import time

import paramiko

TIMEOUT = 30


class Shell:
    def __init__(self, channel):
        self.channel = channel
        self.seen = b""

    def type(self, text):
        self.channel.sendall(text.encode())

    def wait_for(self, text):
        deadline = time.monotonic() + TIMEOUT
        while text.encode() not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError("no %r in %r" % (text, self.seen[-300:]))
            data = self.channel.recv(4096)
            if not data:
                raise AssertionError("closed before %r: %r" % (text, self.seen[-300:]))
            self.seen += data


def check(name, step):
    try:
        step()
        print("ok " + name, flush=True)
    except Exception as e:  # every failure becomes a line the test reads
        print("fail %s: %r" % (name, e), flush=True)


def main(host, port, user, key, known_hosts):
    client = paramiko.SSHClient()
    client.load_host_keys(known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, port=int(port), username=user, key_filename=key, allow_agent=False,
                   look_for_keys=False, timeout=TIMEOUT, sock=socket.create_connection((host, int(port))))
    channel = client.invoke_shell(term="xterm", width=100, height=30)
    channel.settimeout(TIMEOUT)
    shell = Shell(channel)

    def size():
        shell.type("echo $((6*7)); stty size\n")
        shell.wait_for("42\r\n30 100\r\n")

    def ctrl_c():
        # 72 comes from the process Ctrl-C must stop, once it runs in the foreground: printed by
        # the login shell before it forks sleep, a Ctrl-C could land while the child still had the
        # shell's handler, and bash's lost-SIGINT race let sleep run its 30 s out.
        shell.type("sh -c 'echo $((8*9)); exec sleep 30'; echo $((7*8))\n")
        shell.wait_for("72\r\n")
        shell.type("\x03")
        shell.type("echo $((9*9))\n")
        shell.wait_for("81\r\n")
        assert b"56" not in shell.seen, shell.seen[-300:]

    def window_change():
        shell.type("sh -c \"trap 'stty size; exit 0' WINCH; echo \\$((5*5)); while :; do sleep 0.1; done\"\n")
        shell.wait_for("25\r\n")
        channel.resize_pty(width=120, height=40)
        shell.wait_for("40 120\r\n")

    def exit_status():
        shell.type("exit 3\n")
        status = channel.recv_exit_status()
        assert status == 3, status

    check("size", size)
    check("ctrl-c", ctrl_c)
    check("window-change", window_change)
    check("exit-status", exit_status)
    client.close()


main(*sys.argv[1:])
