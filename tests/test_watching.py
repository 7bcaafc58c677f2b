"""`mkdocs serve` watching by the system's file events (iplibrary_mkdocs.watching): a save
reaches the server's handler; without file events it polls, as MkDocs does; the hook
hands MkDocs' own server the new observer with everything it already watched."""

import threading

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from iplibrary_mkdocs import speedups, watching
from iplibrary_mkdocs.watching import EventsOrPolling, events_wanted, watch_by_events

SEEN_WITHIN = 10.0  # seconds: a generous bound for a loaded machine; file events take milliseconds


def _handler(seen: threading.Event, name: str):
    handler = FileSystemEventHandler()

    def on_any_event(event):
        if not event.is_directory and event.src_path.endswith(name):
            seen.set()

    handler.on_any_event = on_any_event
    return handler


def _saving_is_seen(observer, folder) -> bool:
    seen = threading.Event()
    observer.schedule(_handler(seen, "faq.md"), str(folder), recursive=True)
    observer.start()
    try:
        (folder / "faq.md").write_text("saved\n", encoding="utf-8")
        return seen.wait(SEEN_WITHIN)
    finally:
        observer.stop()
        observer.join()


def test_a_save_is_seen_through_the_systems_file_events(tmp_path):
    observer = EventsOrPolling()
    assert _saving_is_seen(observer, tmp_path)
    assert observer.kind == "file events" and not isinstance(observer.observer, PollingObserver)


def test_without_file_events_it_polls_as_mkdocs_does_and_says_so(tmp_path, caplog):
    def no_inotify():
        raise OSError(28, "inotify watch limit reached")

    observer = EventsOrPolling(events=no_inotify, polling=lambda: PollingObserver(timeout=0.1))
    assert _saving_is_seen(observer, tmp_path)
    assert observer.kind == "polling" and isinstance(observer.observer, PollingObserver)
    assert "polling" in caplog.text and "inotify watch limit reached" in caplog.text


def test_reading_a_file_is_not_a_change(tmp_path):
    """inotify reports a read (opened, closed without writing); MkDocs' handler rebuilds on
    any event, so a build reading mkdocs.yml started the next build, for ever."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    events = []
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: events.append(event.event_type)
    observer = EventsOrPolling()
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        for _ in range(3):
            (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
        seen = threading.Event()
        observer.schedule(_handler(seen, "faq.md"), str(tmp_path), recursive=True)
        (tmp_path / "faq.md").write_text("saved\n", encoding="utf-8")
        assert seen.wait(SEEN_WITHIN)  # every event of the reads came before this one
        assert observer.kind == "file events"
        assert "opened" not in events and "closed_no_write" not in events and "created" in events
    finally:
        observer.stop()
        observer.join()


def test_unscheduled_folders_are_no_longer_watched(tmp_path):
    seen = threading.Event()
    observer = EventsOrPolling()
    handle = observer.schedule(_handler(seen, "a.md"), str(tmp_path), recursive=True)
    observer.start()
    try:
        observer.unschedule(handle)
        (tmp_path / "a.md").write_text("x", encoding="utf-8")
        assert not seen.wait(1.0)
    finally:
        observer.stop()
        observer.join()


@pytest.fixture
def server(tmp_path):
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))


def test_the_hook_swaps_mkdocs_observer_and_keeps_what_it_watched(server, tmp_path, monkeypatch):
    monkeypatch.delenv(watching.WATCH_SETTING, raising=False)
    docs, config = tmp_path / "docs", tmp_path / "mkdocs.yml"
    docs.mkdir()
    config.write_text("site_name: x\n", encoding="utf-8")
    server.watch(str(docs))
    server.watch(str(docs))  # MkDocs counts a path watched twice
    server.watch(str(config))
    assert isinstance(server.observer, PollingObserver)  # MkDocs 1.6.1's own
    assert watch_by_events(server) is server
    assert isinstance(server.observer, EventsOrPolling)
    assert server._watched_paths == {str(docs): 2, str(config): 1}
    guides = tmp_path / "guides"
    guides.mkdir()
    server.watch(str(guides))  # what mkdocs.yml's `watch:` adds after on_serve
    server.unwatch(str(config))
    assert sorted(path for _, path, _ in server.observer._schedules.values()) == sorted([str(docs), str(guides)])


def test_the_polling_stays_when_asked_or_when_the_stock_code_is_wanted(server, tmp_path, monkeypatch):
    server.watch(str(tmp_path))
    monkeypatch.setenv(watching.WATCH_SETTING, "poll")
    assert not events_wanted("poll") and not events_wanted(" POLL ") and events_wanted(None) and events_wanted("")
    watch_by_events(server)
    assert isinstance(server.observer, PollingObserver)
    monkeypatch.delenv(watching.WATCH_SETTING)
    monkeypatch.setattr(speedups, "_stock_only", True)  # LIBRARY_SPEEDUPS=0
    speedups.faster_watching(server)
    assert isinstance(server.observer, PollingObserver)
    monkeypatch.setattr(speedups, "_stock_only", False)
    speedups.faster_watching(server)
    assert isinstance(server.observer, EventsOrPolling)
