"""`masthead serve` runs the audience flush in every server, and takes the
whole spool once its workers have stopped."""

import threading

from masthead.core import server


def test_the_audience_flush_is_a_service_of_every_server():
    interval, func = server.SERVICES["audience-flush"]
    assert interval == 5
    assert func.__name__ == "flush"
    final = server.FINAL["audience-flush"]
    assert final.keywords == {"everything": True}


def test_services_run_on_their_interval_and_once_more_at_the_end(monkeypatch):
    monkeypatch.setattr(server, "SERVICES", {})
    monkeypatch.setattr(server, "FINAL", {})
    ticks, finals = [], []
    server.register_service("probe", 0.01, lambda: ticks.append(1))
    server.register_service(
        "ending", 3600, lambda: None, final=lambda: finals.append(1)
    )
    stopping = threading.Event()
    server.start_services(stopping)
    threading.Event().wait(0.2)
    stopping.set()
    assert len(ticks) >= 3
    server.finish_services()
    assert finals == [1]


def test_a_failing_service_is_logged_and_tried_again(monkeypatch, caplog):
    monkeypatch.setattr(server, "SERVICES", {})
    monkeypatch.setattr(server, "FINAL", {})

    def broken():
        raise RuntimeError("disk on fire")

    server.register_service("broken", 3600, broken)
    server.finish_services()
    assert "service broken failed" in caplog.text
