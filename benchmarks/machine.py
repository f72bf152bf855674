"""What a benchmark ran on: cores, RAM, load, Python and library versions, the commit."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Machine", "describe_machine", "peak_rss", "rss"]


@dataclass(frozen=True, slots=True)
class Machine:
    """The machine and software a run measured."""

    cores: int
    ram_gib: float
    load: str
    python: str
    numpy: str
    datasketch: str
    dedup: str
    commit: str

    def line(self) -> str:
        return (
            f"{self.cores} cores, {self.ram_gib:.0f} GiB RAM (load average {self.load} at start), "
            f"Python {self.python}, numpy {self.numpy}, datasketch {self.datasketch}, "
            f"dedup {self.dedup} at commit {self.commit}"
        )


def describe_machine() -> Machine:
    import dedup

    return Machine(
        cores=os.cpu_count() or 0,
        ram_gib=_meminfo_kib("MemTotal") / 2**20,
        load=" ".join(f"{x:.1f}" for x in os.getloadavg()),
        python=platform.python_version(),
        numpy=_version("numpy"),
        datasketch=_version("datasketch"),
        dedup=dedup.__version__,
        commit=_commit(),
    )


def rss() -> int:
    """Resident set size of this process now, in bytes (``VmRSS``)."""
    return _status_kib("VmRSS") * 1024


def peak_rss() -> int:
    """Peak resident set size of this process so far, in bytes (``VmHWM``)."""
    return _status_kib("VmHWM") * 1024


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for row in fh:
            if row.startswith(field + ":"):
                return int(row.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}: memory figures need Linux")


def _meminfo_kib(field: str) -> int:
    with open("/proc/meminfo", encoding="ascii") as fh:
        for row in fh:
            if row.startswith(field + ":"):
                return int(row.split()[1])
    return 0


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "dedup"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip() + (" (dedup/ modified)" if dirty.stdout.strip() else "")
