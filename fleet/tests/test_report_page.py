"""The report page as a person sees it: opened in headless Chromium, which
loads it, renders its tables, charts and images, and takes a screenshot.

Chromium is driven over the DevTools protocol on the loopback address, so the
test sees what the page logged and what the browser laid out, not just the HTML.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import websocket

from conftest import REPO

FIXTURES = REPO / "harness" / "tests" / "fixtures" / "compare"
# What the page reports about itself once loaded.
LAYOUT = """JSON.stringify({
  tables: [...document.querySelectorAll('table')].map(t => ({
      cls: t.className, rows: t.rows.length, width: t.getBoundingClientRect().width})),
  images: [...document.images].map(i => ({alt: i.alt, loaded: i.complete && i.naturalWidth > 0,
      width: i.getBoundingClientRect().width})),
  charts: [...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width),
  redCells: document.querySelectorAll('td.red').length,
  emulated: document.querySelectorAll('span.emulated').length,
  links: [...document.querySelectorAll('a[href$=".json"]')].map(a => a.getAttribute('href')),
})"""


class Browser:
    """One headless Chromium with one tab, driven over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        chromium = shutil.which("chromium")
        if not chromium:
            pytest.fail("chromium is not installed (scripts/install-deps installs it)")
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                pytest.fail("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as response:
            tab = next(t for t in json.load(response) if t["type"] == "page")
        self.socket = websocket.create_connection(tab["webSocketDebuggerUrl"], timeout=60,
                                                  suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str) -> None:
        while not any(event.get("method") == method for event in self.events):
            self.events.append(json.loads(self.socket.recv()))

    def open(self, page: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=page.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser-logged errors (a broken image)."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(str(params["args"]))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found

    def layout(self) -> dict:
        result = self.call("Runtime.evaluate", expression=LAYOUT, returnByValue=True)
        return json.loads(result["result"]["value"])

    def screenshot(self, path: Path) -> bytes:
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        data = base64.b64decode(shot["data"])
        path.write_bytes(data)
        return data

    def close(self) -> None:
        if getattr(self, "socket", None):
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def painted_share(png: Path) -> float:
    """The share of the screenshot's pixels that are not page background."""
    import matplotlib.image

    pixels = matplotlib.image.imread(png)[..., :3]
    return float((pixels.min(axis=2) < 0.9).mean())


def test_the_committed_page_renders_its_tables_charts_and_images(browser, tmp_path):
    page = REPO / "results" / "index.html"
    browser.open(page)
    assert browser.errors() == []
    layout = browser.layout()
    classes = [table["cls"] for table in layout["tables"]]
    assert classes == ["red-flags", "comparison", "hosts"]
    rows = {table["cls"]: table["rows"] for table in layout["tables"]}
    assert rows["red-flags"] == 1 + 2           # the emulator's two red flags
    import litmuslab

    tests = litmuslab.compare(sorted((REPO / "results").glob("*/suite.json"))).to_dict()["tests"]
    assert rows["comparison"] == 2 + sum(len(test["states"]) + 1 for test in tests)  # + condition rows
    assert rows["hosts"] == 1 + 2
    assert all(table["width"] > 300 for table in layout["tables"])
    charts = sorted(p.stem for p in (REPO / "results" / "plots").glob("*.png"))
    assert sorted(image["alt"] for image in layout["images"]) == charts
    assert all(image["loaded"] and image["width"] > 100 for image in layout["images"]), layout["images"]
    assert len(layout["charts"]) == 2 and all(width > 200 for width in layout["charts"])
    assert layout["redCells"] == 2 and layout["emulated"] >= 2
    assert sorted(layout["links"]) == ["aarch64-qemu-emulated/suite.json",
                                       "x86_64-amd-epyc-kvm/bench.json",
                                       "x86_64-amd-epyc-kvm/suite.json"]
    shot = tmp_path / "results-page.png"
    data = browser.screenshot(shot)
    assert data.startswith(b"\x89PNG") and len(data) > 100_000
    assert painted_share(shot) > 0.05


def test_a_page_from_the_cli_renders_too(browser, cli, tmp_path):
    page = tmp_path / "index.html"
    done = subprocess.run([cli, "compare", FIXTURES, "--html", page, "-o", tmp_path / "compare.txt"],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the fixtures hold a red flag
    browser.open(page)
    assert browser.errors() == []
    layout = browser.layout()
    assert [table["cls"] for table in layout["tables"]] == ["red-flags", "comparison", "hosts"]
    assert layout["redCells"] == 1 and layout["images"] == []
    browser.screenshot(tmp_path / "fixtures.png")
    assert painted_share(tmp_path / "fixtures.png") > 0.02


def test_the_check_sees_a_broken_image(browser, tmp_path):
    """The checks above can fail: a page with an undecodable image is caught."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table>'
                    '<img alt="broken" src="data:image/png;base64,AAAA"></body></html>')
    browser.open(page)
    layout = browser.layout()
    assert layout["images"] == [{"alt": "broken", "loaded": False, "width": layout["images"][0]["width"]}]
    page.write_text("<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>")
    browser.open(page)
    assert any("boom" in error for error in browser.errors())
