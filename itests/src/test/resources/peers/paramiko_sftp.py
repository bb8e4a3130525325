#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""paramiko's SFTPClient against Amiko's SFTP server: every operation once.

Usage:
  paramiko_sftp.py HOST PORT USER KEY KNOWN_HOSTS LOCAL_DIR

KEY is an OpenSSH private key file; the server must present the key KNOWN_HOSTS holds for
[HOST]:PORT. LOCAL_DIR holds data.bin (uploaded) and receives what is downloaded. The server's
root must hold a link "escape" to "/". Each check prints "ok NAME" or "fail NAME: WHY"; the exit
status is 0 even when checks fail, so the test sees them all.
"""

import errno
import hashlib
import os
import stat
import sys
import traceback

import paramiko

CHECKS = []


def check(name):
    def register(function):
        CHECKS.append((name, function))
        return function
    return register


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


def connect(host, port, user, key, known_hosts):
    transport = paramiko.Transport((host, int(port)))
    transport.start_client(timeout=30)
    offered = transport.get_remote_server_key()
    known = paramiko.HostKeys(known_hosts).lookup("[%s]:%s" % (host, port)) or {}
    expected = known.get(offered.get_name())
    if expected is None or expected.asbytes() != offered.asbytes():
        raise paramiko.BadHostKeyException(host, offered, expected)
    transport.auth_publickey(user, paramiko.Ed25519Key.from_private_key_file(key))
    return transport, paramiko.SFTPClient.from_transport(transport)


def expect_errno(code, operation):
    try:
        operation()
    except IOError as error:
        assert error.errno == code, "errno %s, wanted %s: %s" % (error.errno, code, error)
        return
    raise AssertionError("no error, wanted errno %s" % code)


def run(sftp, local):
    @check("normalize")
    def _():
        assert sftp.normalize(".") == "/", sftp.normalize(".")

    @check("mkdir-listdir")
    def _():
        sftp.mkdir("/pk", 0o750)
        assert "pk" in sftp.listdir("/"), sftp.listdir("/")
        assert stat.S_IMODE(sftp.stat("/pk").st_mode) == 0o750

    @check("put")
    def _():
        calls = []
        attributes = sftp.put(os.path.join(local, "data.bin"), "/pk/data.bin",
                              callback=lambda done, total: calls.append(done), confirm=True)
        assert attributes.st_size == os.path.getsize(os.path.join(local, "data.bin"))
        assert calls and calls[-1] == attributes.st_size, calls[-3:]

    @check("get")
    def _():
        sftp.get("/pk/data.bin", os.path.join(local, "back.bin"))
        assert sha256(os.path.join(local, "back.bin")) == sha256(os.path.join(local, "data.bin"))

    @check("prefetch-readv")
    def _():
        with open(os.path.join(local, "data.bin"), "rb") as original:
            expected = original.read()
        with sftp.open("/pk/data.bin", "rb") as remote:
            remote.prefetch()
            assert remote.read() == expected
        with sftp.open("/pk/data.bin", "rb") as remote:
            chunks = list(remote.readv([(0, 10), (1000000, 20), (len(expected) - 5, 5)]))
            assert chunks == [expected[0:10], expected[1000000:1000020], expected[-5:]]

    @check("file-object")
    def _():
        with sftp.open("/pk/notes.txt", "w") as remote:
            remote.set_pipelined(True)
            remote.write(b"hello ")
            remote.write(b"world")
        with sftp.open("/pk/notes.txt", "r+") as remote:
            remote.seek(6)
            assert remote.read(5) == b"world"
            assert remote.tell() == 11
            remote.seek(0)
            remote.write(b"J")
            assert remote.stat().st_size == 11
        with sftp.open("/pk/notes.txt", "a") as remote:
            remote.write(b"!")
        with sftp.open("/pk/notes.txt") as remote:
            assert remote.read() == b"Jello world!"

    @check("stat-chmod-chown-utime-truncate")
    def _():
        sftp.chmod("/pk/notes.txt", 0o640)
        attributes = sftp.stat("/pk/notes.txt")
        assert stat.S_IMODE(attributes.st_mode) == 0o640
        sftp.chown("/pk/notes.txt", attributes.st_uid, attributes.st_gid)
        sftp.utime("/pk/notes.txt", (1000000, 2000000))
        attributes = sftp.stat("/pk/notes.txt")
        assert (attributes.st_atime, attributes.st_mtime) == (1000000, 2000000)
        sftp.truncate("/pk/notes.txt", 5)
        assert sftp.stat("/pk/notes.txt").st_size == 5

    @check("symlink-readlink-lstat")
    def _():
        sftp.symlink("notes.txt", "/pk/link")
        assert sftp.readlink("/pk/link") == "notes.txt"
        assert stat.S_ISLNK(sftp.lstat("/pk/link").st_mode)
        assert stat.S_ISREG(sftp.stat("/pk/link").st_mode)

    @check("rename-posix-rename")
    def _():
        sftp.rename("/pk/notes.txt", "/pk/renamed.txt")
        with sftp.open("/pk/other.txt", "w") as remote:
            remote.write(b"other")
        try:
            sftp.rename("/pk/other.txt", "/pk/renamed.txt")
            raise AssertionError("rename onto an existing file succeeded")
        except IOError:
            pass
        sftp.posix_rename("/pk/other.txt", "/pk/renamed.txt")
        with sftp.open("/pk/renamed.txt") as remote:
            assert remote.read() == b"other"

    @check("listdir-attr-iter")
    def _():
        names = {a.filename: a for a in sftp.listdir_attr("/pk")}
        assert set(names) == {"data.bin", "link", "renamed.txt"}, sorted(names)
        assert names["link"].longname.startswith("lrwxrwxrwx"), names["link"].longname
        assert sorted(a.filename for a in sftp.listdir_iter("/pk")) == sorted(names)

    @check("chdir-getcwd")
    def _():
        sftp.chdir("/pk")
        assert sftp.getcwd() == "/pk"
        assert "data.bin" in sftp.listdir()
        sftp.chdir("/")

    @check("errors")
    def _():
        expect_errno(errno.ENOENT, lambda: sftp.stat("/nope"))
        expect_errno(errno.ENOENT, lambda: sftp.open("/../../../etc/passwd"))
        expect_errno(errno.EACCES, lambda: sftp.open("/escape/etc/passwd"))
        expect_errno(errno.EACCES, lambda: sftp.listdir("/escape/etc"))
        expect_errno(errno.EACCES, lambda: sftp.symlink("x", "/escape/tmp/paramiko-planted"))
        try:
            sftp.rmdir("/pk")
            raise AssertionError("rmdir of a non-empty directory succeeded")
        except IOError as error:
            assert "not empty" in str(error).lower(), str(error)

    @check("remove-rmdir")
    def _():
        for name in sftp.listdir("/pk"):
            sftp.remove("/pk/" + name)
        sftp.rmdir("/pk")
        assert "pk" not in sftp.listdir("/")

    for name, function in CHECKS:
        try:
            function()
            print("ok " + name)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the rest
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            print("fail %s: %s" % (name, detail))
        sys.stdout.flush()


def main():
    host, port, user, key, known_hosts, local = sys.argv[1:7]
    transport, sftp = connect(host, port, user, key, known_hosts)
    try:
        run(sftp, local)
    finally:
        sftp.close()
        transport.close()


if __name__ == "__main__":
    main()
