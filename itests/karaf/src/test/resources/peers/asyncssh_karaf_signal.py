#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""AsyncSSH against Karaf's console over Amiko: the INT signal (RFC 4254 section 6.9) stops the
command that runs, as Ctrl-C does, and the console goes on; and the client's terminal modes
(section 8) are the console's, so that with intr set to ^G, ^G stops the command. Prints "ok NAME"
or "fail NAME: WHY" lines.

Usage: asyncssh_karaf_signal.py HOST PORT USER KEY KNOWN_HOSTS
"""
import asyncio
import sys

import asyncssh

TIMEOUT = 30


async def check(name, coroutine):
    try:
        await asyncio.wait_for(coroutine, TIMEOUT)
        print("ok " + name, flush=True)
    except Exception as e:  # report every kind of failure as a line the test reads
        print("fail %s: %r" % (name, e), flush=True)


async def read_until(process, text, seen):
    while text not in seen[0]:
        data = await process.stdout.read(4096)
        if not data:
            raise AssertionError("closed before %r: %r" % (text, seen[0][-400:]))
        seen[0] += data
    seen[0] = seen[0][seen[0].index(text) + len(text):]


async def interrupted(conn, modes, interrupt):
    process = await conn.create_process(term_type="xterm", term_size=(100, 30), term_modes=modes)
    seen = [""]
    await read_until(process, "@root()> ", seen)
    # 77 is printed by the command the signal must stop, once it is the console's foreground job
    process.stdin.write("each [7] { echo $it$it; sleep 60000 }\r")
    await read_until(process, "77\r\n", seen)
    interrupt(process)
    process.stdin.write("echo $LINES$COLUMNS\r")
    await read_until(process, "30100\r\n", seen)
    process.stdin.write("logout\r")
    await process.wait(check=False)
    assert process.exit_status == 0, process.exit_status


async def main(host, port, user, key, known_hosts):
    async with asyncssh.connect(host, port=int(port), username=user, client_keys=[key],
                                known_hosts=known_hosts) as conn:
        await check("int-signal", interrupted(conn, {}, lambda process: process.send_signal("INT")))
        await check("terminal-modes", interrupted(conn, {asyncssh.PTY_VINTR: 7},
                                                  lambda process: process.stdin.write("\x07")))


asyncio.run(main(*sys.argv[1:]))
