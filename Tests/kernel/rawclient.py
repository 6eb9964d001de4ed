"""A minimal Jupyter client over raw pyzmq, for what jupyter_client will not
do: forged signatures, malformed frames, timing the heartbeat, exit status."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import tempfile
import time
import uuid

import zmq

RLS = os.environ.get("RLS_BIN", "rls")
DELIM = b"<IDS|MSG>"


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class RawKernel:
    """Starts `rls kernel` on a fresh connection file and talks to it."""

    def __init__(self, key: bytes = b"secret-key", transport: str = "tcp", ip: str = "127.0.0.1"):
        self.key = key
        self.dir = tempfile.mkdtemp()
        names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
        self.ports = dict(zip(names, free_ports(5)))
        if transport == "ipc":
            ip = os.path.join(self.dir, "kernel")
        info = dict(self.ports, transport=transport, ip=ip, key=key.decode(), signature_scheme="hmac-sha256")
        self.conn_file = os.path.join(self.dir, "kernel.json")
        with open(self.conn_file, "w") as f:
            json.dump(info, f)
        self.t_start = time.perf_counter()
        self.proc = subprocess.Popen([RLS, "kernel", self.conn_file], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self.ctx = zmq.Context()
        # Retry connecting every millisecond until the kernel has bound (the
        # default 100 ms would dominate the measured start-to-ready time).
        self.ctx.setsockopt(zmq.RECONNECT_IVL, 1)
        host = "127.0.0.1" if ip == "0.0.0.0" else ip

        def addr(port):
            return f"ipc://{ip}-{port}" if transport == "ipc" else f"tcp://{host}:{port}"

        self.identity = uuid.uuid4().hex.encode()
        self.sockets = {}
        for name, kind in [("shell", zmq.DEALER), ("control", zmq.DEALER), ("stdin", zmq.DEALER)]:
            s = self.ctx.socket(kind)
            s.setsockopt(zmq.IDENTITY, self.identity)
            s.setsockopt(zmq.LINGER, 0)
            s.connect(addr(self.ports[name + "_port"]))
            self.sockets[name] = s
        self.iopub = self.ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.setsockopt(zmq.LINGER, 0)
        self.iopub.connect(addr(self.ports["iopub_port"]))
        self.hb = self.ctx.socket(zmq.REQ)
        self.hb.setsockopt(zmq.LINGER, 0)
        self.hb.connect(addr(self.ports["hb_port"]))
        self.session = uuid.uuid4().hex
        self.iopub_log: list[dict] = []

    # -- messages ----------------------------------------------------------
    def sign(self, parts: list[bytes], key: bytes | None = None) -> bytes:
        key = self.key if key is None else key
        if not key:
            return b""
        h = hmac.new(key, digestmod=hashlib.sha256)
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def frames(self, msg_type: str, content: dict, signature: bytes | None = None) -> tuple[list[bytes], str]:
        msg_id = uuid.uuid4().hex
        header = json.dumps(
            {"msg_id": msg_id, "session": self.session, "username": "test", "date": "2025-01-01T00:00:00.000000Z",
             "msg_type": msg_type, "version": "5.3"}).encode()
        parts = [header, b"{}", b"{}", json.dumps(content).encode()]
        sig = self.sign(parts) if signature is None else signature
        return [DELIM, sig, *parts], msg_id

    def send(self, channel: str, msg_type: str, content: dict | None = None, signature: bytes | None = None) -> str:
        frames, msg_id = self.frames(msg_type, content or {}, signature)
        self.sockets[channel].send_multipart(frames)
        return msg_id

    @staticmethod
    def parse(frames: list[bytes]) -> dict:
        i = frames.index(DELIM)
        header, parent, metadata, content = (json.loads(f) for f in frames[i + 2:i + 6])
        return {"idents": frames[:i], "signature": frames[i + 1], "raw": frames[i + 2:i + 6], "header": header,
                "parent_header": parent, "metadata": metadata, "content": content, "msg_type": header["msg_type"]}

    def recv(self, sock, timeout: float = 10.0) -> dict:
        if not sock.poll(int(timeout * 1000)):
            raise TimeoutError("no message")
        msg = self.parse(sock.recv_multipart())
        assert msg["signature"] == self.sign(msg["raw"]), "kernel's signature does not verify"
        return msg

    def reply(self, channel: str, msg_id: str, timeout: float = 10.0) -> dict:
        deadline = time.time() + timeout
        while True:
            msg = self.recv(self.sockets[channel], max(0.01, deadline - time.time()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def outputs(self, msg_id: str, timeout: float = 10.0) -> list[dict]:
        """iopub messages of a request, busy .. idle inclusive."""
        deadline = time.time() + timeout
        out = [m for m in self.iopub_log if m["parent_header"].get("msg_id") == msg_id]
        while not any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in out):
            msg = self.recv(self.iopub, max(0.01, deadline - time.time()))
            self.iopub_log.append(msg)
            if msg["parent_header"].get("msg_id") == msg_id:
                out.append(msg)
        return out

    def wait_ready(self, timeout: float = 10.0) -> float:
        """Sends kernel_info until iopub is connected; returns seconds since start."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg_id = self.send("shell", "kernel_info_request")
            try:
                self.reply("shell", msg_id, timeout=1)
                self.outputs(msg_id, timeout=1)
                return time.perf_counter() - self.t_start
            except TimeoutError:
                continue
        raise TimeoutError("kernel not ready")

    def execute(self, code: str, timeout: float = 30.0, **options) -> tuple[dict, list[dict]]:
        msg_id = self.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                        "user_expressions": {}, "allow_stdin": False, **options})
        reply = self.reply("shell", msg_id, timeout)
        return reply, self.outputs(msg_id, timeout)

    def ping(self, timeout: float = 1.0) -> float:
        t = time.perf_counter()
        self.hb.send(b"ping")
        if not self.hb.poll(int(timeout * 1000)):
            raise TimeoutError("no heartbeat")
        assert self.hb.recv() == b"ping"
        return time.perf_counter() - t

    def shutdown(self, timeout: float = 10.0) -> int:
        msg_id = self.send("control", "shutdown_request", {"restart": False})
        self.reply("control", msg_id)
        code = self.proc.wait(timeout)
        self.close()
        return code

    def stderr(self) -> str:
        return self.proc.stderr.read().decode() if self.proc.poll() is not None else ""

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for s in [*self.sockets.values(), self.iopub, self.hb]:
            s.close(0)
        self.ctx.term()
