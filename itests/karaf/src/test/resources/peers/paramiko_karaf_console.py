#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko's invoke_shell against Karaf's console over Amiko: Karaf's welcome and prompt, the
terminal's width before and after a window change, Ctrl-C stopping a command, Tab completing an
argument, a command Karaf's ACLs keep for admin, and logout; prints "ok NAME" or "fail NAME: WHY".

Usage: paramiko_karaf_console.py HOST PORT USER KEY KNOWN_HOSTS

The console echoes what is typed, coloured, so every line the checks wait for is computed by the
console ($COLUMNS, $it$it): the echo of the typed line never holds it.
"""

import socket
import sys
import time

import paramiko

TIMEOUT = 30


class Console:
    def __init__(self, channel):
        self.channel = channel
        self.seen = b""
        self.checked = 0

    def type(self, text):
        self.channel.sendall(text.encode())

    def wait_for(self, text):
        """Waits for text after what the last wait found, and moves past it."""
        deadline = time.monotonic() + TIMEOUT
        while self.seen.find(text.encode(), self.checked) < 0:
            if time.monotonic() > deadline:
                raise AssertionError("no %r in %r" % (text, self.seen[self.checked:][-400:]))
            data = self.channel.recv(4096)
            if not data:
                raise AssertionError("closed before %r: %r" % (text, self.seen[self.checked:][-400:]))
            self.seen += data
        self.checked = self.seen.find(text.encode(), self.checked) + len(text)


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
    console = Console(channel)

    def welcome():
        # etc/branding-ssh.properties' welcome (with bold words), then the prompt with the user's name
        console.wait_for("Apache Karaf")
        console.wait_for("for a list of available commands")
        console.wait_for(user)
        console.wait_for("@root()> ")

    def width():
        console.type("echo $COLUMNS\r")
        console.wait_for("100\r\n")

    def window_change():
        channel.resize_pty(width=120, height=40)
        console.type("echo $COLUMNS\r")
        console.wait_for("120\r\n")

    def ctrl_c():
        # 77 is printed by the command Ctrl-C must stop, once it is the console's foreground job
        console.type("each [7] { echo $it$it; sleep 60000 }\r")
        console.wait_for("77\r\n")
        console.type("\x03")
        console.type("echo $LINES\r")
        console.wait_for("40\r\n")

    def argument_completion():
        console.type("feature:info amiko-ss\t\r")
        console.wait_for("Feature amiko-sshd ")

    def admin_command():
        # system:property is for admin (etc/org.apache.karaf.command.acl.system.cfg)
        console.type("system:property amiko.itest.console $LINES$COLUMNS\r")
        console.type("system:property amiko.itest.console\r")
        console.wait_for("40120\r\n")

    def logout():
        console.type("logout\r")
        assert channel.status_event.wait(TIMEOUT), "no exit status"
        assert channel.recv_exit_status() == 0, channel.recv_exit_status()

    check("welcome", welcome)
    check("width", width)
    check("window-change", window_change)
    check("ctrl-c", ctrl_c)
    check("argument-completion", argument_completion)
    check("admin-command", admin_command)
    check("logout", logout)
    client.close()


main(*sys.argv[1:])
