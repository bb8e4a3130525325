# SPDX-License-Identifier: Apache-2.0
"""AsyncSSH sends signals (RFC 4254 section 6.9) to commands of a server; prints "ok NAME" or "fail NAME: WHY" lines.

Usage: asyncssh_signal.py HOST PORT USER KEY KNOWN_HOSTS
"""
import asyncio
import sys

import asyncssh

TRAP = "trap 'echo got USR1; exit 3' USR1; echo $((6*7)); while :; do sleep 0.1; done"


async def check(name, coroutine):
    try:
        await asyncio.wait_for(coroutine, 30)
        print("ok " + name)
    except Exception as e:  # report every kind of failure as a line the test reads
        print("fail %s: %r" % (name, e))


async def trapped(conn, term_type):
    process = await conn.create_process(TRAP, term_type=term_type)
    first = await process.stdout.readline()
    assert first.strip() == "42", first
    process.send_signal("USR1")
    rest = await process.stdout.read()
    await process.wait(check=False)
    assert rest.replace("\r", "").endswith("got USR1\n"), rest
    assert process.exit_status == 3, process.exit_status


async def terminated(conn):
    # exec: the shell becomes sleep, so no child it forks while TERM is sent can miss it
    process = await conn.create_process("echo $((6*7)); exec sleep 300")
    first = await process.stdout.readline()
    assert first.strip() == "42", first
    process.terminate()  # the TERM signal
    await process.wait(check=False)
    assert process.exit_status == 143, process.exit_status


async def main(host, port, user, key, known_hosts):
    async with asyncssh.connect(host, port=int(port), username=user, client_keys=[key],
                                known_hosts=known_hosts) as conn:
        await check("signal", trapped(conn, None))
        await check("signal-on-terminal", trapped(conn, "xterm"))
        await check("terminate", terminated(conn))


asyncio.run(main(*sys.argv[1:]))
