#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""AsyncSSH as the SSH client of Amiko's interop tests: one connection, algorithms pinned.

Usage:
  asyncssh_client.py HOST PORT USER KEY KNOWN_HOSTS KEX CIPHER COMPRESSION COMMAND [HOST_KEY]

KEX, CIPHER and COMPRESSION are each one algorithm name, or "default" for AsyncSSH's own list.
KEY is an OpenSSH private key file; the server is accepted only with the key KNOWN_HOSTS holds
for [HOST]:PORT. With HOST_KEY, an OpenSSH private key file of the client host, the only method
tried is hostbased: USER of the host "client.test" asks to log in as USER. The remote command's output is copied to ours and its exit status becomes ours;
a failure to connect exits with 255 and the error on stderr.
"""

import asyncio
import sys
import warnings

warnings.simplefilter("ignore")  # Debian's AsyncSSH imports ciphers that cryptography deprecates

import asyncssh  # noqa: E402

TIMEOUT = 60


async def run(host, port, user, key, known_hosts, kex, cipher, compression, command, host_key=None):
    options = {}
    if host_key is not None:
        options.update(client_host_keys=[host_key], client_host="client.test", client_username=user,
                       preferred_auth="hostbased")
    if kex != "default":
        options["kex_algs"] = [kex]
    if cipher != "default":
        options["encryption_algs"] = [cipher]
    if compression != "default":
        options["compression_algs"] = [compression]
    async with asyncssh.connect(host, int(port), username=user, client_keys=[key], known_hosts=known_hosts,
                                agent_path=None, config=[], **options) as connection:
        result = await connection.run(command, check=False)
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        return result.exit_status


def main():
    if len(sys.argv) not in (10, 11):
        sys.stderr.write(__doc__)
        return 2
    try:
        return asyncio.run(asyncio.wait_for(run(*sys.argv[1:]), TIMEOUT))
    except (OSError, asyncssh.Error, asyncio.TimeoutError) as error:
        sys.stderr.write("%s: %s\n" % (type(error).__name__, error))
        return 255


if __name__ == "__main__":
    sys.exit(main())
