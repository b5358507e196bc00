"""A stand-in for a desktop's D-Bus service (logind, an MPRIS player, a notification server).

The fake is a real service in a process of its own, so the monitor under test meets it
through the bus daemon, as it would meet the real one.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from typing import Any

from tests.desktop.desktop_session import stop

FAKE_SERVICE = """
import json, sys
from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtDBus import (
    QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusVariant, QDBusVirtualObject,
)

address, name, path, table = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
app = QCoreApplication([])
bus = QDBusConnection.connectToBus(address, "fake")


class Fake(QDBusVirtualObject):
    def introspect(self, path):
        return ""

    def handleMessage(self, message, connection):
        member, args = message.member(), message.arguments()
        if member == "Get" and args[1] in table["properties"]:
            reply = QDBusVariant(table["properties"][args[1]])
        elif member in table["methods"]:
            value = table["methods"][member]
            reply = QDBusObjectPath(value) if value.startswith("/") else value
        else:
            return False
        connection.send(message.createReply(reply))
        return True


fake = Fake()
assert bus.registerVirtualObject(path, fake)
assert bus.registerService(name)


def command():
    command = json.loads(sys.stdin.readline() or '{"quit": true}')
    table["properties"].update(command.get("set", {}))
    if "signal" in command:
        signal_path, interface, member, args = command["signal"]
        message = QDBusMessage.createSignal(signal_path, interface, member)
        message.setArguments(args)
        bus.send(message)
        bus.call(QDBusMessage.createMethodCall(  # a round trip: the signal has left
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId"))
    if command.get("quit"):
        app.quit()
    print("ok", flush=True)


notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
print("ready", bus.baseService(), flush=True)
app.exec()
"""


class FakeService:
    """A real D-Bus service in a process of its own, standing in for a desktop service.

    It answers Properties.Get from `properties` and other methods from `methods` (a value
    starting with "/" is an object path), and sends signals when told. A fake in a
    separate process meets the monitor through the bus daemon, as the real one would.
    """

    def __init__(
        self,
        address: str,
        name: str,
        path: str,
        properties: dict[str, Any] | None = None,
        methods: dict[str, str] | None = None,
    ) -> None:
        table = {"properties": properties or {}, "methods": methods or {}}
        self.process = subprocess.Popen(
            [sys.executable, "-c", FAKE_SERVICE, address, name, path, json.dumps(table)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        ready = self._answer()
        assert ready.startswith("ready :"), ready
        self.unique_name = ready.split()[1]

    def _answer(self) -> str:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        assert ready, "the fake service did not answer"
        return self.process.stdout.readline().strip()

    def tell(self, **command: Any) -> None:
        """Run one command (`set=`, `signal=(path, interface, member, args)`) and wait for it."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        assert self._answer() == "ok"

    def signal(self, path: str, interface: str, member: str, *args: Any) -> None:
        self.tell(signal=[path, interface, member, list(args)])

    def quit(self) -> None:
        if self.process.poll() is None:
            self.tell(quit=True)
            self.process.wait(10)
        stop(self.process)
