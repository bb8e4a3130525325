#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko's or AsyncSSH's client logging in by Kerberos (gssapi-with-mic, RFC 4462) to Amiko.

Usage:
  gss_client.py LIBRARY HOST PORT USER GSS_HOST KNOWN_HOSTS COMMAND

LIBRARY is "paramiko" or "asyncssh". The ticket comes from the Kerberos cache in KRB5CCNAME (with
KRB5_CONFIG naming the realm); no key, password or agent is tried, and no GSS key exchange. The
server is accepted only with the key KNOWN_HOSTS holds for [HOST]:PORT. The command's output is
copied to ours and its exit status becomes ours; a failure to log in exits with 255.
"""

import asyncio
import sys
import warnings

warnings.simplefilter("ignore")  # Debian's AsyncSSH imports ciphers that cryptography deprecates


def with_paramiko(host, port, user, gss_host, known_hosts, command):
    import paramiko
    client = paramiko.SSHClient()
    client.load_host_keys(known_hosts)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    # gss_trust_dns=False: the name is used as given, not canonicalised through DNS to "localhost"
    client.connect(host, port=port, username=user, gss_auth=True, gss_kex=False, gss_host=gss_host,
                   gss_trust_dns=False, look_for_keys=False, allow_agent=False, timeout=30)
    _, stdout, _ = client.exec_command(command)
    sys.stdout.write(stdout.read().decode())
    status = stdout.channel.recv_exit_status()
    client.close()
    return status


async def with_asyncssh(host, port, user, gss_host, known_hosts, command):
    import asyncssh
    async with asyncssh.connect(host, port, username=user, known_hosts=known_hosts, gss_host=gss_host,
                                gss_kex=False, client_keys=None, agent_path=None, password=None,
                                preferred_auth="gssapi-with-mic", config=[]) as connection:
        result = await connection.run(command, check=False)
        sys.stdout.write(result.stdout)
        return result.exit_status


def main(library, host, port, user, gss_host, known_hosts, command):
    try:
        if library == "paramiko":
            return with_paramiko(host, int(port), user, gss_host, known_hosts, command)
        return asyncio.run(with_asyncssh(host, int(port), user, gss_host, known_hosts, command))
    except Exception as e:  # noqa: BLE001 - any failure to log in is reported the same way
        sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
        return 255


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:8]))
