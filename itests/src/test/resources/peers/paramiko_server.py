#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko as the SSH server of Amiko's interop tests (the Amiko client against it).

Usage:
  paramiko_server.py AUTHORIZED_KEY HOST_KEY...

Listens on 127.0.0.1, a port the system picks, and prints "port N" once it listens. Each HOST_KEY
is an OpenSSH private key file (Ed25519, ECDSA or RSA), AUTHORIZED_KEY a one-line OpenSSH Ed25519
public key: the only key that logs in, as any user. Each connection: "greet" answers "hello USER" and exits 7, "cat" copies its input
back and exits 0. Serves connections one after another until killed.
"""

import base64
import socket
import sys
import threading

import paramiko


class Server(paramiko.ServerInterface):
    def __init__(self, authorized):
        self.authorized = authorized
        self.user = None
        self.command = threading.Event()
        self.wanted = None

    def get_allowed_auths(self, username):
        return "publickey"

    def check_auth_publickey(self, username, key):
        if key.get_name() == self.authorized.get_name() and key.asbytes() == self.authorized.asbytes():
            self.user = username
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel, command):
        self.wanted = command.decode()
        self.command.set()
        return True


def load_public(path):
    blob = open(path).read().split()[1]
    return paramiko.Ed25519Key(data=base64.b64decode(blob))


def load_private(path):
    for kind in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return kind.from_private_key_file(path)
        except (paramiko.SSHException, ValueError):
            continue
    raise ValueError("no key in " + path)


def serve(connection, host_keys, authorized):
    transport = paramiko.Transport(connection)
    transport.load_server_moduli()  # offers Diffie-Hellman group exchange, with the system's /etc/ssh/moduli
    for host_key in host_keys:
        transport.add_server_key(host_key)
    server = Server(authorized)
    transport.start_server(server=server)
    channel = transport.accept(30)
    if channel is None or not server.command.wait(30):
        transport.close()
        return
    if server.wanted == "greet":
        channel.sendall(("hello %s\n" % server.user).encode())
        channel.send_exit_status(7)
    elif server.wanted == "cat":
        while True:
            data = channel.recv(32768)
            if not data:
                break
            channel.sendall(data)
        channel.send_exit_status(0)
    else:
        channel.send_exit_status(127)
    channel.shutdown_write()
    channel.close()
    # the client ends the connection: closing it here first could reset what is still in flight
    transport.join(60)


def main(authorized_path, host_key_paths):
    host_keys = [load_private(path) for path in host_key_paths]
    authorized = load_public(authorized_path)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    print("port %d" % listener.getsockname()[1], flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, host_keys, authorized), daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
