#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko's TCP/IP port forwarding (RFC 4254 section 7) against Amiko's server.

Usage:
  paramiko_forward.py direct HOST PORT USER AUTH KNOWN_HOSTS DEST_HOST DEST_PORT BYTES
  paramiko_forward.py remote HOST PORT USER AUTH KNOWN_HOSTS BIND_ADDRESS BIND_PORT

AUTH and KNOWN_HOSTS are as for paramiko_client.py, whose session() this uses.

"direct" opens a direct-tcpip channel to DEST_HOST:DEST_PORT (an echo server),
pushes BYTES pseudo-random bytes through it while reading the echo, shuts its
output after the last byte and reads to the end.

"remote" asks the server to listen (request_port_forward), prints
"listening=PORT" at once, and serves the first forwarded-tcpip channel as an
echo: what it reads goes back, and its end of input ends its output. It then
cancels the forwarding (cancel_port_forward, which waits for the reply), prints
"cancelled=1", and waits for a line on its standard input before it closes the
connection, so the test can check that the listener went with the cancel and not
with the connection.

Both end with one block of "field=value" lines (JSON values) and "end"; a
failure is error=... in the block.
"""

import queue
import sys

import paramiko

from paramiko_client import CHUNK, TIMEOUT, echo_through, session


def direct(transport, dest_host, dest_port, length):
    try:
        channel = transport.open_channel("direct-tcpip", (dest_host, dest_port), ("127.0.0.1", 4711),
                                         timeout=TIMEOUT)
    except paramiko.ChannelException as error:
        return {"open_failure_code": error.code, "open_failure_text": error.text}
    result = echo_through(channel, length)
    channel.close()
    return result


def remote(transport, bind_address, bind_port):
    arrived = queue.Queue()

    def handler(channel, origin, server):
        arrived.put((channel, origin, server))

    port = transport.request_port_forward(bind_address, bind_port, handler)
    print("listening=%d" % port, flush=True)
    channel, origin, server = arrived.get(timeout=TIMEOUT)
    channel.settimeout(TIMEOUT)
    count = 0
    while True:
        data = channel.recv(CHUNK)
        if not data:
            break
        channel.sendall(data)
        count += len(data)
    channel.shutdown_write()
    channel.close()
    transport.cancel_port_forward(bind_address, port)
    print("cancelled=1", flush=True)
    sys.stdin.readline()
    return {"port": port, "server_addr": server[0], "server_port": server[1], "origin_addr": origin[0],
            "origin_port": origin[1], "echoed_bytes": count}


def main(argv):
    if len(argv) < 7:
        sys.exit(__doc__)
    mode, host, port, user, auth, known_hosts = argv[1], argv[2], int(argv[3]), argv[4], argv[5], argv[6]
    rest = argv[7:]
    if mode == "direct":
        session(host, port, user, auth, known_hosts, lambda t: direct(t, rest[0], int(rest[1]), int(rest[2])))
    elif mode == "remote":
        session(host, port, user, auth, known_hosts, lambda t: remote(t, rest[0], int(rest[1])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
