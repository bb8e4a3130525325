#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""AsyncSSH as the SSH server of Amiko's interop tests (the Amiko client against it).

Usage:
  asyncssh_server.py HOST_KEY AUTHORIZED_KEYS SFTP_ROOT [KNOWN_CLIENT_HOSTS]

Listens on 127.0.0.1, a port the system picks, and prints "port N" once it listens. Keys are
OpenSSH files; only keys in AUTHORIZED_KEYS log in, as any user. With KNOWN_CLIENT_HOSTS, a
known_hosts file, hostbased is served too: a host key listed there for the name the client sends
lets that host's user in under the same name. Commands: "greet" answers
"hello USER" and exits 7; "cat" copies its input back and exits 0; anything else exits 127.
The sftp subsystem is AsyncSSH's own server, chrooted to SFTP_ROOT. Runs until killed.
"""

import asyncio
import sys
import warnings

warnings.simplefilter("ignore")  # Debian's AsyncSSH imports ciphers that cryptography deprecates

import asyncssh  # noqa: E402


async def serve(process):
    command = process.command or ""
    if command == "greet":
        process.stdout.write(("hello %s\n" % process.get_extra_info("username")).encode())  # bytes: encoding=None
        process.exit(7)
    elif command == "cat":
        async for data in process.stdin:
            process.stdout.write(data)
        process.exit(0)
    else:
        process.exit(127)


def sftp(channel, root):
    return asyncssh.SFTPServer(channel, chroot=root)


async def main(host_key, authorized_keys, root, known_client_hosts=None):
    hostbased = {} if known_client_hosts is None else {"known_client_hosts": known_client_hosts,
                                                       "trust_client_host": True}
    server = await asyncssh.listen("127.0.0.1", 0, server_host_keys=[host_key], authorized_client_keys=authorized_keys,
                                   process_factory=serve, sftp_factory=lambda channel: sftp(channel, root),
                                   allow_scp=False, encoding=None, config=[], **hostbased)
    port = server.sockets[0].getsockname()[1]
    print("port %d" % port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
