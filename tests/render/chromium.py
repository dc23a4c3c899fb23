"""Load a page in headless Chromium over the DevTools protocol, stdlib only.

Chromium's ``--remote-debugging-pipe`` reads JSON commands on fd 3 and writes replies
and events on fd 4, each message ended by a NUL byte, so no websocket client is needed.
``load`` opens a page, waits for its load event and its fonts, and returns what a test
asks about: console errors and warnings, uncaught exceptions, failed resource loads
(the Log domain), facts the page reports through ``Runtime.evaluate`` and a PNG
screenshot. Only Debian's ``chromium`` package is needed.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

BINARIES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> Optional[str]:
    for name in BINARIES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Loaded:
    """What a page did while loading."""

    console: list = field(default_factory=list)     # (level, text) of console errors/warnings
    exceptions: list = field(default_factory=list)  # uncaught exception texts
    log: list = field(default_factory=list)         # (level, text) browser log: failed loads, ...
    facts: Any = None                               # the value of the ``probe`` expression

    @property
    def problems(self) -> list:
        return ([f"console {lvl}: {t}" for lvl, t in self.console] + self.exceptions
                + [f"log {lvl}: {t}" for lvl, t in self.log])


class DevTools:
    """A Chromium process and its protocol pipe."""

    def __init__(self, binary: str, timeout: float = 60.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="derive-chromium-")
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()

        def wire():   # in the child: our pipes become fds 3 (commands) and 4 (replies)
            high_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)   # out of the way of 3 and 4
            high_w = fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
             "--hide-scrollbars", "--mute-audio", "--disable-extensions",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(cmd_r)
        os.close(out_w)
        self._buffer = b""
        self._next = 0
        self.events: list = []

    def send(self, method: str, params: Optional[dict] = None, session: Optional[str] = None) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: Optional[str] = None) -> dict:
        for k, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(k)
        while True:
            event = self._read()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._out_r], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._out_r, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def load(url: str, *, probe: str = "null", screenshot: Optional[Path] = None,
         width: int = 1200, height: int = 1400, binary: Optional[str] = None) -> Loaded:
    """Open ``url``, wait for load and fonts, evaluate ``probe`` (a JS expression whose
    JSON value becomes ``facts``), and optionally save a PNG screenshot."""
    tools = DevTools(binary or find_chromium() or "chromium")
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            tools.send(f"{domain}.enable", session=session)
        tools.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                          "deviceScaleFactor": 1, "mobile": False},
                   session=session)
        tools.send("Page.navigate", {"url": url}, session=session)
        tools.wait_for("Page.loadEventFired", session)
        tools.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                        "awaitPromise": True}, session=session)
        value = tools.send("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                           session=session)
        out = Loaded(facts=value.get("result", {}).get("value"))
        if screenshot is not None:
            shot = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
        for event in tools.events:
            _record(out, event)
        return out
    finally:
        tools.close()


def _record(out: Loaded, event: dict) -> None:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
        text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
        out.console.append((params["type"], text))
    elif method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        out.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
    elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
        entry = params["entry"]
        out.log.append((entry["level"], f"{entry.get('text', '')} {entry.get('url', '')}".strip()))
