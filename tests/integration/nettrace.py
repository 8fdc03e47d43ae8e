"""What a process tree did on the network and on disk, read from the kernel's side with strace.

A Python socket guard sees only Python's sockets; native libraries (ONNX Runtime's telemetry, for
one) call the C library's resolver and `connect` themselves. strace sees every system call of the
process and of every thread and child it starts (`-f`), whichever library made it.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

NET_SYSCALLS = "connect,sendto,sendmsg"
FILE_SYSCALLS = "openat,creat,mkdir,mkdirat,rename,renameat,renameat2"

# Sockets the C library's resolver uses to look a name up without DNS packets of its own.
_LOOKUP_SOCKETS = (
    "/var/run/nscd/socket",
    "/run/nscd/socket",
    "/run/systemd/resolve/",
)
_ADDRESS = re.compile(r"\{sa_family=(AF_\w+), ([^}]*)\}")
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_V4 = re.compile(r'inet_addr\("([^"]+)"\)')
_V6 = re.compile(r'inet_pton\(AF_INET6, "([^"]+)"')
_UNIX = re.compile(r'sun_path=(?:@)?"([^"]*)"')
_WRITE = re.compile(r"^\d+\s+(openat|creat|mkdir|mkdirat|rename|renameat2?)\((.*)")
_PATHS = re.compile(r'"((?:[^"\\]|\\.)*)"')


def strace_command(trace: Path, syscalls: str) -> list[str]:
    """The prefix that runs a command under strace, following threads and children."""
    return ["strace", "-f", "-qq", "-s", "200", "-e", f"trace={syscalls}", "-o", str(trace)]


def need_strace() -> None:
    """Skip without strace, except in CI (VOICE_INTERVIEW_REQUIRE_AUDIO), where it is a failure."""
    if shutil.which("strace") is None:
        reason = "strace is not installed: apt-get install strace to run the privacy tests"
        if os.environ.get("VOICE_INTERVIEW_REQUIRE_AUDIO"):
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass(frozen=True)
class NetEvent:
    line: str
    why: str


def _is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def network_events(trace: Path) -> list[NetEvent]:
    """Every DNS query, name lookup and connection to another host in a strace log."""
    found: list[NetEvent] = []
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        for family, body in _ADDRESS.findall(line):
            port = _PORT.search(body)
            if family in ("AF_INET", "AF_INET6"):
                if port is not None and port.group(1) == "53":
                    found.append(NetEvent(line, "DNS query"))
                    continue
                address = _V4.search(body) or _V6.search(body)
                if address is None or not _is_loopback(address.group(1)):
                    found.append(NetEvent(line, "connection to a non-local address"))
            elif family == "AF_UNIX":
                path = _UNIX.search(body)
                if path is not None and path.group(1).startswith(_LOOKUP_SOCKETS):
                    found.append(NetEvent(line, "name lookup through a system service"))
    return found


def written_paths(trace: Path) -> set[Path]:
    """Files and folders the traced processes created or opened for writing (and succeeded)."""
    written: set[Path] = set()
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _WRITE.match(line)
        if match is None or "= -1" in line or "<unfinished" in line:
            continue
        call, args = match.groups()
        if call in ("openat", "creat") and not re.search(r"O_WRONLY|O_RDWR|O_CREAT", args):
            continue
        for path in _PATHS.findall(args)[-1:]:  # a rename's target, a mkdir's folder
            written.add(Path(path))
    return written
