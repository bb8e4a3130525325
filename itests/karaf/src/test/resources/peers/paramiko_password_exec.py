#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Runs one command over SSH after a password login with paramiko: prints its output, and exits
with its status, or 5 when the password is refused and 6 when the server cannot be reached.

Usage: paramiko_password_exec.py HOST PORT USER PASSWORD KNOWN_HOSTS COMMAND
"""

import socket
import sys

import paramiko

TIMEOUT = 30


def main(host, port, user, password, known_hosts, command):
    client = paramiko.SSHClient()
    client.load_host_keys(known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(host, port=int(port), username=user, password=password, allow_agent=False,
                       look_for_keys=False, timeout=TIMEOUT, sock=socket.create_connection((host, int(port)), TIMEOUT))
    except paramiko.AuthenticationException as e:
        print("refused: %r" % e, file=sys.stderr)
        return 5
    except (OSError, paramiko.SSHException) as e:
        print("unreachable: %r" % e, file=sys.stderr)
        return 6
    _, stdout, stderr = client.exec_command(command, timeout=TIMEOUT)
    sys.stdout.write(stdout.read().decode())
    sys.stderr.write(stderr.read().decode())
    status = stdout.channel.recv_exit_status()
    client.close()
    return status


sys.exit(main(*sys.argv[1:]))
