"""Work done beside this process: a forked child computes, this process consumes as it goes.

Python work does not run in parallel in threads; a forked child starts with this process's
memory (the file already read, the language, the clock) and streams what it produces back
through a pipe, while this process goes on with its own part. The child only computes: it
touches no database, no terminal and no file but its end of the pipe, and leaves by
`os._exit` (no atexit handlers, no flushing of buffers it shares with this process). So
forking while other threads (a progress bar's, the app's) hold locks is safe.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from typing import IO

Produce = Callable[[Callable[[object], None]], None]


PIPE_BYTES = 1 << 20  # Linux's limit for an unprivileged process
PROC_STAT = "/proc/stat"  # Linux: how many tasks are running right now


def spare_core() -> bool:
    """Can a child win time now: `os.fork` exists and a core is idle. Working beside costs
    more CPU in all (the transfer), which a machine whose cores are all busy pays in time.

    Where Linux tells how many tasks are running at this moment (this one included), a core
    is idle when fewer than the cores are, and the load over the last minute did not exceed
    the cores: that minute counts this program's own work (the file just read, a benchmark's
    previous command), which held one core and leaves the other free. Elsewhere the last
    minute alone must have left a core mostly idle."""
    if not hasattr(os, "fork") or not hasattr(os, "getloadavg"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    load = os.getloadavg()[0]
    running = _running_now()
    if running is None:
        return load <= cores - 1
    return running <= cores - 1 and load <= cores


def _running_now() -> int | None:
    """Tasks running or ready to run at this moment, the caller included; None where the
    system does not say (not Linux)."""
    try:
        with open(PROC_STAT, "rb") as stat:
            for line in stat:
                if line.startswith(b"procs_running "):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


@dataclass(frozen=True)
class _Failed:
    """The child's exception, sent instead of the next item."""

    error: BaseException


@dataclass(frozen=True)
class _End:
    """The child's last item: everything was sent."""


class ChildDied(RuntimeError):
    """The child ended without finishing (killed, out of memory)."""


def produced_beside(produce: Produce) -> Iterator[object]:
    """Run `produce(send)` in a forked child; yield every object it sends, in order. An
    exception in the child is raised here; leaving the loop early stops the child."""
    read_fd, write_fd = os.pipe()
    _widen(write_fd)
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        _child(produce, write_fd)
    os.close(write_fd)
    finished = False
    try:
        with os.fdopen(read_fd, "rb") as stream:
            while not isinstance(item := _next(stream), _End):
                if isinstance(item, _Failed):
                    raise item.error
                yield item
        finished = True
    finally:
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise ChildDied(f"the process working beside this one ended with status {os.waitstatus_to_exitcode(status)}")


def _widen(pipe: int) -> None:
    """Let the child run a few items ahead of this process (Linux: 64 KiB a pipe by default,
    while an item may be a megabyte; the system may refuse more)."""
    try:
        import fcntl  # POSIX only, as is fork
    except ImportError:
        return
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with suppress(OSError):
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _next(stream: IO[bytes]) -> object:
    """The next item; a stream cut off before the end mark means the child died."""
    try:
        return pickle.load(stream)
    except (EOFError, pickle.UnpicklingError) as cut:
        raise ChildDied("the process working beside this one ended before finishing") from cut


def _child(produce: Produce, write_fd: int) -> None:
    """Never returns: produce, send, and leave without touching what the parent owns."""
    code = 1
    try:
        with os.fdopen(write_fd, "wb", buffering=1 << 20) as stream:
            try:
                produce(partial(_send, stream))
                pickle.dump(_End(), stream, pickle.HIGHEST_PROTOCOL)
            except BaseException as error:  # noqa: BLE001 - handed to the parent
                pickle.dump(_Failed(_picklable(error)), stream, pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


def _send(stream: IO[bytes], item: object) -> None:
    """Send one item whole: the buffer is flushed, or a large item's last bytes would wait
    in it for the next item, and this process with them."""
    pickle.dump(item, stream, pickle.HIGHEST_PROTOCOL)
    stream.flush()


def _picklable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - any exception that does not survive the pipe
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
