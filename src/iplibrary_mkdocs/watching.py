"""`mkdocs serve` told of a saved file by the system's file events, not by polling.

MkDocs 1.6.1's live-reload server watches with watchdog's `PollingObserver`, which
compares a snapshot of every watched folder every 0.5 s: an editor's save waits 0.25 s
on average (up to 0.5 s) before the rebuild even starts, and the snapshots cost CPU
all the while. `EventsOrPolling` asks the system instead (inotify on Linux, FSEvents on
macOS, ReadDirectoryChangesW on Windows: watchdog's `Observer`), and polls as MkDocs
does only where the system cannot tell it (file events unavailable, inotify's watch
limit reached): the server logs which.

Some folders give no events at all although the system accepts the watch (a network
drive, a folder shared into Docker or WSL from another system): `LIBRARY_WATCH=poll`
keeps MkDocs' polling for them.

Installed from the hook's `on_serve` (`watch_by_events`), on MkDocs 1.6.1 only: it
replaces the server's observer before the server starts it (`LiveReloadServer.serve`),
and re-watches what MkDocs had already asked it to watch.
"""

import logging
import os

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.library")

WATCH_SETTING = "LIBRARY_WATCH"  # "poll": MkDocs' own polling, every 0.5 s
POLLING_INTERVAL = 0.5  # MkDocs' default


def events_wanted(setting: str | None) -> bool:
    return (setting or "").strip().lower() != "poll"


# What reading a file tells inotify (watchdog 5+): no change. MkDocs' handler rebuilds on
# any event, so a build that reads a watched file (mkdocs.yml, a source) would start the
# next one, for ever; polling never reports them.
NOT_CHANGES = frozenset({"opened", "closed_no_write"})


class ChangesOnly(FileSystemEventHandler):
    """The server's handler, given only the events that say a file changed."""

    def __init__(self, handler):
        super().__init__()
        self.handler = handler

    def dispatch(self, event) -> None:
        if event.event_type not in NOT_CHANGES:
            self.handler.dispatch(event)


class EventsOrPolling:
    """The observer MkDocs' server uses (schedule, unschedule, start, stop, join), made
    when the server starts it: the system's file events, else polling."""

    def __init__(self, events=Observer, polling=lambda: PollingObserver(timeout=POLLING_INTERVAL)):
        self._make_events, self._make_polling = events, polling
        self._schedules: dict[int, tuple] = {}  # our handle -> (handler, path, recursive)
        self._watches: dict[int, object] = {}  # our handle -> the running observer's watch
        self._next = 0
        self.observer = None  # the running one
        self.kind = ""  # "file events" or "polling", once started

    def schedule(self, event_handler, path, *, recursive: bool = False) -> int:
        self._next += 1
        event_handler = ChangesOnly(event_handler)
        self._schedules[self._next] = (event_handler, str(path), recursive)
        if self.observer is not None:
            self._watches[self._next] = self.observer.schedule(event_handler, str(path), recursive=recursive)
        return self._next

    def unschedule(self, handle: int) -> None:
        self._schedules.pop(handle)
        watch = self._watches.pop(handle, None)
        if watch is not None:
            self.observer.unschedule(watch)

    def _started(self, observer):
        watches = {handle: observer.schedule(handler, path, recursive=recursive)
                   for handle, (handler, path, recursive) in self._schedules.items()}
        observer.start()
        return observer, watches

    def start(self) -> None:
        try:
            self.observer, self._watches = self._started(self._make_events())
            self.kind = "file events"
        except OSError as exc:  # no inotify, or its watch limit reached
            log.warning(f"watching for changes by polling every {POLLING_INTERVAL} s: the system's file events are "
                        f"unavailable ({exc})")
            self.observer, self._watches = self._started(self._make_polling())
            self.kind = "polling"

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.observer is not None:
            self.observer.join(timeout)

    def is_alive(self) -> bool:
        return self.observer is not None and self.observer.is_alive()


def watch_by_events(server):
    """The server, watching what it already watched through `EventsOrPolling` (unless
    LIBRARY_WATCH=poll). Call before the server starts its observer."""
    if not events_wanted(os.environ.get(WATCH_SETTING)) or isinstance(server.observer, EventsOrPolling):
        return server
    if server.observer.is_alive():  # too late to swap: MkDocs already watches
        return server
    watched = dict(server._watched_paths)
    server.observer = EventsOrPolling()
    server._watched_paths, server._watch_refs = {}, {}
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return server
