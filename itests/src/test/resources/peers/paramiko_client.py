#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko as the SSH client of Amiko's interop tests.

Usage:
  paramiko_client.py exec   HOST PORT USER AUTH KNOWN_HOSTS COMMAND
  paramiko_client.py cat    HOST PORT USER AUTH KNOWN_HOSTS BYTES
  paramiko_client.py matrix HOST PORT USER AUTH KNOWN_HOSTS FAMILY NAME...

AUTH is key:PATH (a private key file), password:SECRET or interactive:SECRET.
FAMILY is kex, cipher, mac or key (host key algorithm); "matrix" makes one
connection per NAME, offering only that algorithm in FAMILY.

Every connection prints one block of "field=value" lines, each value JSON
encoded, ended by a line "end". A failure is reported as error=... in the
block rather than by the exit code, so one bad algorithm does not hide the
results of the others.
"""

import hashlib
import json
import random
import socket
import sys
import threading

import paramiko

TIMEOUT = 30
CHUNK = 32 * 1024


def load_key(path):
    """Reads a private key file with whichever paramiko key class accepts it."""
    errors = []
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key_file(path)
        except (paramiko.SSHException, ValueError) as error:
            errors.append("%s: %s" % (kind.__name__, error))
    raise paramiko.SSHException("no key class reads %s: %s" % (path, "; ".join(errors)))


def check_host_key(transport, known_hosts, host, port):
    """Accepts the server only if its key is the one known_hosts holds for [host]:port."""
    name = host if port == 22 else "[%s]:%d" % (host, port)
    offered = transport.get_remote_server_key()
    entries = paramiko.HostKeys(known_hosts).lookup(name) or {}
    expected = entries.get(offered.get_name())
    if expected is None or expected.asbytes() != offered.asbytes():
        raise paramiko.BadHostKeyException(name, offered, expected)


def connect(sock, host, port, user, auth, known_hosts, family=None, name=None):
    """A transport over SOCK that has checked the host key and authenticated."""
    transport = paramiko.Transport(sock)
    if family is not None:
        options = transport.get_security_options()
        # pinning one name per family is how a peer proves that exact algorithm works
        setattr(options, {"kex": "kex", "cipher": "ciphers", "mac": "digests", "key": "key_types"}[family], [name])
        if family == "mac":
            # a non-AEAD cipher, so the MAC is really used whatever AEAD ciphers a later paramiko adds
            options.ciphers = ["aes128-ctr"]
    transport.start_client(timeout=TIMEOUT)
    check_host_key(transport, known_hosts, host, port)
    method, _, secret = auth.partition(":")
    if method == "key":
        transport.auth_publickey(user, load_key(secret))
    elif method == "password":
        transport.auth_password(user, secret)
    elif method == "interactive":
        transport.auth_interactive(user, lambda title, instructions, prompts: [secret] * len(prompts))
    else:
        raise ValueError("unknown auth method " + method)
    return transport


def describe(transport):
    """What paramiko negotiated, for the test to compare with the server's view."""
    return {
        "remote_version": transport.remote_version,
        "host_key_type": transport.host_key_type,
        "cipher_out": transport.local_cipher,
        "cipher_in": transport.remote_cipher,
        "mac_out": transport.local_mac,
        "mac_in": transport.remote_mac,
    }


def run_command(transport, command):
    channel = transport.open_session(timeout=TIMEOUT)
    channel.settimeout(TIMEOUT)
    channel.exec_command(command)
    # outputs here are small, so reading stdout first cannot stall the stderr side
    stdout = channel.makefile("rb").read()
    stderr = channel.makefile_stderr("rb").read()
    status = channel.recv_exit_status()
    channel.close()
    return {"stdout": stdout.decode("utf-8"), "stderr": stderr.decode("utf-8"), "exit": status}


def echo_through(channel, length):
    """Writes LENGTH pseudo-random bytes to CHANNEL while reading back what it echoes, then closes the writing side.

    Returns the digests and count; the caller closes the channel."""
    channel.settimeout(TIMEOUT)
    sent = hashlib.sha256()
    failure = []

    def send():
        # a thread of its own: the echo stalls once it is not read, so writing and reading must overlap
        try:
            source = random.Random(length)
            left = length
            while left > 0:
                chunk = source.randbytes(min(CHUNK, left))
                sent.update(chunk)
                channel.sendall(chunk)
                left -= len(chunk)
            channel.shutdown_write()
        except Exception as error:  # reported with the result below
            failure.append(repr(error))

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    received = hashlib.sha256()
    count = 0
    while True:
        data = channel.recv(CHUNK)
        if not data:
            break
        received.update(data)
        count += len(data)
    sender.join(TIMEOUT)
    result = {"sent_sha256": sent.hexdigest(), "received_sha256": received.hexdigest(), "received_bytes": count}
    if failure or sender.is_alive():
        result["error"] = "sender: " + (failure[0] if failure else "still running")
    return result


def round_trip(transport, length):
    """Pushes LENGTH pseudo-random bytes through remote cat while reading the echo."""
    channel = transport.open_session(timeout=TIMEOUT)
    channel.exec_command("cat")
    result = echo_through(channel, length)
    result["exit"] = channel.recv_exit_status()
    channel.close()
    return result


def report(fields):
    for key, value in fields.items():
        print("%s=%s" % (key, json.dumps(value)))
    print("end", flush=True)


def session(host, port, user, auth, known_hosts, work, family=None, name=None):
    fields = {"pin": "%s:%s" % (family, name)} if family else {}
    sock = transport = None
    try:
        sock = socket.create_connection((host, port), timeout=TIMEOUT)
        # known before the handshake, so the test finds the server's side even when paramiko gives up
        fields["local_port"] = sock.getsockname()[1]
        transport = connect(sock, host, port, user, auth, known_hosts, family, name)
        fields.update(describe(transport))
        fields.update(work(transport))
    except Exception as error:
        fields["error"] = "%s: %s" % (type(error).__name__, error)
    finally:
        if transport is not None:
            transport.close()
        elif sock is not None:
            sock.close()
    report(fields)


def main(argv):
    if len(argv) < 7:
        sys.exit(__doc__)
    mode, host, port, user, auth, known_hosts = argv[1], argv[2], int(argv[3]), argv[4], argv[5], argv[6]
    rest = argv[7:]
    if mode == "exec":
        session(host, port, user, auth, known_hosts, lambda t: run_command(t, rest[0]))
    elif mode == "cat":
        session(host, port, user, auth, known_hosts, lambda t: round_trip(t, int(rest[0])))
    elif mode == "matrix":
        family = rest[0]
        for name in rest[1:]:
            session(host, port, user, auth, known_hosts, lambda t, n=name: run_command(t, "echo " + n),
                    family, name)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
