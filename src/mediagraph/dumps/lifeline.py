"""Parser processes end with the import that started them, whatever ends it (kill -9, Ctrl-C, a crash).

The parser pool runs under multiprocessing's fork server. Every process the server forks keeps
the write end of the server's "alive" pipe and of its own job queue, so when the importing
process was killed nothing they waited on ever closed, and the server, the parsers (about 96 MB
each) and the resource tracker stayed alive. So each link is tied to its parent with the
kernel's parent-death signal: the fork server to the importing process (``_serverinit``, imported
by the server as it starts, through ``set_forkserver_preload``), each parser to the fork server
(``die_with_parent`` as the pool's initializer), and each parser also watches the importing
process itself (a pidfd), which it may outlive when both die while it starts; the resource
tracker ends once they are all gone.

Ctrl-C from a terminal reaches the whole process group: the importing process alone answers it
(one line), and no other prints a ``KeyboardInterrupt`` traceback. The fork server and the
resource tracker start with SIGINT blocked (``start_servers``); the server then ignores it and
hands that on to the parsers it forks. The importing process holds Ctrl-C back
(``interrupts_held``) while it submits work, as any submission may start a parser, so it never
leaves one half-started, and a parser whose pool is gone before it could
start (its semaphores removed by the exiting importer) ends without a word
(``quiet_orphan_starts``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import forkserver, resource_tracker
from types import TracebackType

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(importer: int | None = None) -> None:
    """This process ends (SIGKILL) when its parent does, and leaves SIGINT to the importing process.

    ``importer`` is the importing process's pid, for a parser: it also ends as soon as that
    process has (it may be gone already, killed while this parser was starting and before the
    signal could be asked for; its fork server may be gone too, so no signal would come).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return  # elsewhere the pool's own shutdown is all there is
    parent = os.getppid()
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
        os._exit(1)  # the parent died before the signal was asked for
    if importer is not None:
        _watch(importer)


def _watch(pid: int) -> None:
    """End this process when ``pid`` has ended (a pidfd turns readable then, even while it is a zombie)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):
        return  # no pidfd (Linux before 5.3): the parent-death signals are all there is

    def wait() -> None:
        select.select([fd], [], [])
        os._exit(1)

    threading.Thread(target=wait, name="mediagraph-lifeline", daemon=True).start()


def quiet_orphan_starts() -> None:
    """A parser that cannot start because the pool that asked for it is gone says nothing.

    Ctrl-C can stop the importing process while the fork server is still starting a parser for
    it; the parser then finds neither the pool's semaphores nor its pipe and failed with a
    traceback after the importing process had printed its one line. The fork server reports
    such failures through ``sys.excepthook``, which its children inherit from it.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, _ORPHANED) and _starting(tb):
            return
        previous(kind, exc, tb)

    sys.excepthook = hook


# What reading a parser's start-up data raises once the process that sent it has gone.
_ORPHANED = (FileNotFoundError, EOFError, ConnectionError)


def _starting(tb: TracebackType | None) -> bool:
    """Whether the exception came from multiprocessing reading a new process's start-up data."""
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "_main" and code.co_filename.endswith(("multiprocessing/spawn.py", "multiprocessing\\spawn.py")):
            return True
        tb = tb.tb_next
    return False


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C is held back meanwhile, in the main thread, and acted on when the block ends.

    Two things hold it. Blocking SIGINT in this thread's mask is what processes started
    meanwhile inherit (the mask is kept through exec), so they begin deaf to it. But the mask
    alone does not stop the handler: the kernel hands a signal blocked here to any other thread
    (the dump's reader thread, the pool's manager thread), and Python then runs the handler in
    the main thread all the same, half-way through starting a parser. So the handler is also
    swapped for one that only notes the signal, and a noted Ctrl-C is raised again at the end.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    noted: list[int] = []
    handler = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    if handler is None:  # one set outside Python: the default action is the closest to put back
        handler = signal.SIG_DFL
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a SIGINT pending here goes to ``handler`` now
        if noted:
            signal.raise_signal(signal.SIGINT)


def start_servers() -> None:
    """Start multiprocessing's resource tracker and fork server deaf to Ctrl-C.

    The tracker blocks SIGINT itself while it starts (and unblocks it after, so it goes first);
    the fork server starts inside ``interrupts_held`` and so begins with SIGINT blocked, through
    the imports Python makes before any code of ours can run there.
    """
    resource_tracker.ensure_running()
    with interrupts_held():
        forkserver.ensure_running()


__all__ = ["die_with_parent", "interrupts_held", "quiet_orphan_starts", "start_servers"]
