"""Replies to response_url over kept connections (bot.slack.response_urls): each reply arrives
once, with the message Bolt's respond would send, also when the other end has closed a kept
connection, and a URL nobody answers is raised to the listener rather than lost in silence."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from urllib3.exceptions import MaxRetryError

from bot.slack.response_urls import PooledRespond, ResponseUrls


class Receiver:
    """Slack's end of response_url, keeping connections open; `drop` requests (counted from 1)
    are read and then left unanswered, their connection closed, as a server closing an idle
    connection just as a request comes does."""

    def __init__(self, drop: frozenset[int] = frozenset()) -> None:
        self.received: list[dict] = []
        self.connections: set[int] = set()
        seen = [0]
        lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    seen[0] += 1
                    dropped = seen[0] in drop
                    receiver.connections.add(self.client_address[1])
                    if not dropped:
                        receiver.received.append(json.loads(body))
                if dropped:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/commands/T1/1/x"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def urls():
    pool = ResponseUrls(timeout=5)
    yield pool
    pool.clear()


def test_replies_arrive_as_bolt_sends_them_over_one_kept_connection(urls):
    receiver = Receiver()
    respond = PooledRespond(urls, response_url=receiver.url)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Sparat som #1: *Kurs* AI för chefer"}}]
    try:
        for _ in range(3):
            answer = respond(text="Sparat som #1", blocks=blocks, response_type="ephemeral", replace_original=False)
            assert answer.status_code == 200
    finally:
        receiver.stop()

    sent = {"text": "Sparat som #1", "blocks": blocks, "response_type": "ephemeral", "replace_original": False}
    assert receiver.received == [sent] * 3
    assert len(receiver.connections) == 1


def test_a_reply_on_a_connection_closed_by_the_other_end_is_sent_again_on_a_new_one(urls):
    receiver = Receiver(drop=frozenset({2}))
    respond = PooledRespond(urls, response_url=receiver.url)
    try:
        respond(text="Saved as #1", response_type="ephemeral", replace_original=False)
        respond(text="Saved as #2", response_type="ephemeral", replace_original=False)
    finally:
        receiver.stop()

    assert [m["text"] for m in receiver.received] == ["Saved as #1", "Saved as #2"]


def test_an_answer_slack_refuses_is_returned_not_raised(urls):
    class Refusing(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(404)
            self.send_header("Content-Length", "11")
            self.end_headers()
            self.wfile.write(b"expired_url")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        answer = PooledRespond(urls, response_url=f"http://127.0.0.1:{server.server_address[1]}/x")(text="Saved")
    finally:
        server.shutdown()
        server.server_close()

    assert (answer.status_code, answer.body) == (404, "expired_url")


def test_a_response_url_nobody_answers_is_raised_to_the_listener(urls):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(MaxRetryError):  # the listener logs it and tells the person (listeners.common.kindly)
        PooledRespond(urls, response_url=f"http://127.0.0.1:{port}/x")(text="Saved")
