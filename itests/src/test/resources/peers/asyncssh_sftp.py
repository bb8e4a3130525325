#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""AsyncSSH's SFTP client against Amiko's SFTP server: its operations once each.

Usage:
  asyncssh_sftp.py HOST PORT USER KEY KNOWN_HOSTS LOCAL_DIR

KEY is an OpenSSH private key file; the server must present the key KNOWN_HOSTS holds for
[HOST]:PORT. LOCAL_DIR holds data.bin and a directory tree/ to upload, and receives downloads.
The server's root must hold a link "escape" to "/". Each check prints "ok NAME" or
"fail NAME: WHY".
"""

import asyncio
import hashlib
import os
import sys
import traceback
import warnings

warnings.simplefilter("ignore")  # Debian's AsyncSSH imports ciphers that cryptography deprecates

import asyncssh  # noqa: E402


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()


async def expect(error_type, operation):
    try:
        await operation()
    except error_type:
        return
    except asyncssh.SFTPError as other:
        raise AssertionError("%s (%s), wanted %s" % (type(other).__name__, other, error_type.__name__))
    raise AssertionError("no error, wanted " + error_type.__name__)


async def checks(sftp, local):
    async def realpath():
        assert await sftp.realpath(".") == "/"

    async def put_get():
        progress = []
        await sftp.put(os.path.join(local, "data.bin"), "/data.bin",
                       progress_handler=lambda src, dst, done, total: progress.append(done))
        assert progress and progress[-1] == os.path.getsize(os.path.join(local, "data.bin"))
        await sftp.get("/data.bin", os.path.join(local, "back.bin"))
        assert sha256(os.path.join(local, "back.bin")) == sha256(os.path.join(local, "data.bin"))

    async def recursive():
        await sftp.put(os.path.join(local, "tree"), "/tree", recurse=True, preserve=True)
        assert await sftp.isdir("/tree/sub")
        await sftp.get("/tree", os.path.join(local, "tree-back"), recurse=True)
        with open(os.path.join(local, "tree-back", "sub", "leaf.txt")) as leaf:
            assert leaf.read() == "leaf"

    async def file_object():
        async with sftp.open("/f.txt", "w+") as remote:
            await remote.write("hello world")
            await remote.seek(6)
            assert await remote.read(5) == "world"
            await remote.truncate(5)
        async with sftp.open("/f.txt", "a") as remote:
            await remote.write("!")
        async with sftp.open("/f.txt") as remote:
            assert await remote.read() == "hello!"

    async def attributes():
        await sftp.chmod("/f.txt", 0o600)
        attrs = await sftp.stat("/f.txt")
        assert attrs.permissions & 0o777 == 0o600
        await sftp.chown("/f.txt", attrs.uid, attrs.gid)
        await sftp.utime("/f.txt", (1000000, 2000000))
        attrs = await sftp.stat("/f.txt")
        assert (attrs.atime, attrs.mtime) == (1000000, 2000000), (attrs.atime, attrs.mtime)
        await sftp.truncate("/f.txt", 2)
        assert await sftp.getsize("/f.txt") == 2

    async def links():
        await sftp.symlink("f.txt", "/link")
        assert await sftp.readlink("/link") == "f.txt"
        assert await sftp.islink("/link")
        await sftp.link("/f.txt", "/hard")
        assert (await sftp.stat("/hard")).size == 2

    async def renames_and_listing():
        await sftp.mkdir("/d")
        await sftp.rename("/hard", "/d/hard")
        await sftp.posix_rename("/d/hard", "/d/moved")
        names = sorted(await sftp.listdir("/d"))
        assert names == [".", "..", "moved"] or names == ["moved"], names
        entries = {entry.filename: entry for entry in await sftp.readdir("/")}
        assert entries["link"].longname.startswith("lrwxrwxrwx"), entries["link"].longname
        assert sorted(await sftp.glob("/*.bin")) == ["/data.bin"]

    async def statvfs():
        vfs = await sftp.statvfs("/")
        assert vfs.bsize > 0 and vfs.blocks > 0, vfs

    async def errors():
        await expect(asyncssh.SFTPNoSuchFile, lambda: sftp.stat("/nope"))
        await expect(asyncssh.SFTPNoSuchFile, lambda: sftp.open("/../../etc/passwd"))
        await expect(asyncssh.SFTPPermissionDenied, lambda: sftp.open("/escape/etc/passwd"))
        await expect(asyncssh.SFTPPermissionDenied, lambda: sftp.listdir("/escape/etc"))
        await expect(asyncssh.SFTPPermissionDenied, lambda: sftp.mkdir("/escape/tmp/asyncssh-planted"))
        await expect(asyncssh.SFTPFailure, lambda: sftp.rmdir("/d"))

    async def cleanup():
        await sftp.rmtree("/d")
        await sftp.rmtree("/tree")
        for name in ("/link", "/f.txt", "/data.bin"):
            await sftp.remove(name)
        assert sorted(await sftp.listdir("/")) in (["escape"], [".", "..", "escape"])

    for check in (realpath, put_get, recursive, file_object, attributes, links, renames_and_listing, statvfs,
                  errors, cleanup):
        name = check.__name__.replace("_", "-")
        try:
            await check()
            print("ok " + name)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the rest
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            print("fail %s: %s" % (name, detail))
        sys.stdout.flush()


async def main(host, port, user, key, known_hosts, local):
    async with asyncssh.connect(host, int(port), username=user, client_keys=[key], known_hosts=known_hosts,
                                agent_path=None, config=[]) as connection:
        async with connection.start_sftp_client() as sftp:
            await checks(sftp, local)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:7]))
