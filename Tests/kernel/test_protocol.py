"""Protocol rules checked over real sockets against the built binary."""
import os
import signal
import threading
import time

import pytest
from rawclient import DELIM, RawKernel


@pytest.fixture
def kernel():
    k = RawKernel()
    k.wait_ready()
    yield k
    k.close()


def states(msgs):
    return [m["content"]["execution_state"] for m in msgs if m["msg_type"] == "status"]


def test_execute_round_trip_and_reply_shape(kernel):
    reply, out = kernel.execute('print("hello")\n6 * 7')
    assert reply["content"]["status"] == "ok"
    assert reply["idents"] == []  # the ROUTER routed on our identity and consumed it
    assert [m["msg_type"] for m in out] == ["status", "execute_input", "stream", "execute_result", "status"]
    assert states(out) == ["busy", "idle"]
    assert all(m["header"]["version"] == "5.3" for m in [reply, *out])
    assert reply["raw"][1] == kernel.iopub_log[-1]["raw"][1]  # parent header bytes echoed


def test_forged_and_unsigned_messages_are_never_executed(kernel):
    forged = {
        kernel.send("shell", "execute_request", {"code": "let pwned = 1"}, signature=b"0" * 64),
        kernel.send("shell", "execute_request", {"code": "let pwned = 2"}, signature=b""),
        kernel.send("control", "execute_request", {"code": "let pwned = 3"}, signature=kernel.sign([b"x"], key=b"other")),
    }
    frames, swapped = kernel.frames("execute_request", {"code": "1"})
    frames[-1] = b'{"code": "let pwned = 4"}'  # signed content swapped
    kernel.sockets["shell"].send_multipart(frames)
    forged.add(swapped)
    reply, out = kernel.execute("pwned")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "NameError"
    # Nothing was published for the dropped messages (late output of the start-up
    # kernel_info probes may still arrive, so look at parents, not at counts).
    assert not [m for m in kernel.iopub_log if m["parent_header"].get("msg_id") in forged]
    assert kernel.shutdown() == 0
    assert kernel.stderr().count("bad or missing signature") == 4


def test_malformed_frames_leave_the_kernel_up(kernel):
    shell, control = kernel.sockets["shell"], kernel.sockets["control"]
    shell.send_multipart([b"junk"])
    shell.send_multipart([DELIM])
    control.send_multipart([DELIM, b"sig", b"{"])
    shell.send_multipart([os.urandom(1000) for _ in range(8)])
    parts = [b"{not json", b"{}", b"{}", b"{}"]
    shell.send_multipart([DELIM, kernel.sign(parts), *parts])
    parts = [b"[1, 2]", b"{}", b"{}", b"{}"]
    shell.send_multipart([DELIM, kernel.sign(parts), *parts])
    parts = [b'{"msg_id": "x"}', b"{}", b"{}", b"{}"]
    shell.send_multipart([DELIM, kernel.sign(parts), *parts])
    parts = [b'{"msg_id": "x", "msg_type": "execute_request"}', b"{}", b"{}", b"\xff\xfe"]
    shell.send_multipart([DELIM, kernel.sign(parts), *parts])
    msg_id = kernel.send("control", "kernel_info_request")
    assert kernel.reply("control", msg_id)["content"]["language_info"]["name"] == "rlscript"
    reply, _ = kernel.execute("1 + 1")
    assert reply["content"]["status"] == "ok"
    assert kernel.proc.poll() is None


def test_interrupt_request_stops_a_running_loop_and_keeps_state(kernel):
    kernel.execute("let kept = 41")
    msg_id = kernel.send("shell", "execute_request", {"code": "while true { kept = kept }"})
    time.sleep(0.3)
    t = time.perf_counter()
    int_id = kernel.send("control", "interrupt_request")
    assert kernel.reply("control", int_id, timeout=2)["content"]["status"] == "ok"
    reply = kernel.reply("shell", msg_id, timeout=5)
    assert time.perf_counter() - t < 1.0
    assert reply["content"]["ename"] == "Interrupted"
    errors = [m for m in kernel.outputs(msg_id) if m["msg_type"] == "error"]
    assert len(errors) == 1
    reply, out = kernel.execute("kept + 1")
    assert out[-2]["content"]["data"]["text/plain"] == "42"


def test_sigint_stops_a_native_loop(kernel):
    kernel.execute("let xs = map(range(3000000), fn(i) { (i * 7919) % 3000017 })", timeout=60)
    msg_id = kernel.send("shell", "execute_request", {"code": "sort(xs)\nsort(reverse(xs))\nsort(xs)\nnil"})
    time.sleep(0.3)
    t = time.perf_counter()
    os.kill(kernel.proc.pid, signal.SIGINT)
    reply = kernel.reply("shell", msg_id, timeout=10)
    assert reply["content"]["ename"] == "Interrupted"
    assert time.perf_counter() - t < 1.0
    assert kernel.execute("len(xs)")[0]["content"]["status"] == "ok"
    assert kernel.proc.poll() is None


def test_heartbeat_and_control_answer_while_a_cell_runs(kernel):
    msg_id = kernel.send("shell", "execute_request", {"code": "let i = 0\nwhile true { i += 1 }"})
    time.sleep(0.2)
    pings = sorted(kernel.ping(timeout=1) for _ in range(20))  # each answered within a second...
    assert pings[10] < 0.1  # ...and typically at once, though the cell keeps a core busy
    t = time.perf_counter()
    info = kernel.send("control", "kernel_info_request")
    assert kernel.reply("control", info, timeout=1)["msg_type"] == "kernel_info_reply"
    assert time.perf_counter() - t < 0.5
    kernel.send("control", "interrupt_request")
    assert kernel.reply("shell", msg_id)["content"]["status"] == "error"


def test_stdin_input_request(kernel):
    msg_id = kernel.send("shell", "execute_request",
                         {"code": 'let n = input("your name? ")\nprint("hi " + n)', "allow_stdin": True})
    req = kernel.recv(kernel.sockets["stdin"], timeout=5)
    assert req["msg_type"] == "input_request"
    assert req["content"]["prompt"] == "your name? "
    assert req["parent_header"]["msg_id"] == msg_id
    frames, _ = kernel.frames("input_reply", {"value": "Ada"})
    kernel.sockets["stdin"].send_multipart(frames)
    assert kernel.reply("shell", msg_id)["content"]["status"] == "ok"
    streams = [m["content"]["text"] for m in kernel.outputs(msg_id) if m["msg_type"] == "stream"]
    assert "".join(streams) == "hi Ada\n"


def test_two_megabytes_of_output(kernel):
    code = 'let line = join(map(range(99), fn(i) { "y" }), "")\nfor i in range(21000) { print(line) }'
    reply, out = kernel.execute(code, timeout=60)
    assert reply["content"]["status"] == "ok"
    text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
    assert len(text) == 21000 * 100
    assert states(out) == ["busy", "idle"]


def test_output_streams_while_the_cell_runs(kernel):
    code = 'print("first")\nlet t = clock()\nwhile clock() - t < 1 { }\nprint("second")'
    msg_id = kernel.send("shell", "execute_request", {"code": code})
    t = time.perf_counter()
    while True:
        msg = kernel.recv(kernel.iopub, timeout=5)
        kernel.iopub_log.append(msg)
        if msg["msg_type"] == "stream":
            break
    assert msg["content"]["text"] == "first\n"
    assert time.perf_counter() - t < 0.5, "output must not wait for the end of the cell"
    kernel.reply("shell", msg_id)


def test_exactly_one_error_and_no_stderr(kernel):
    reply, out = kernel.execute('fn f() { error("boom") }\nf()')
    kinds = [m["msg_type"] for m in out]
    assert kinds == ["status", "execute_input", "error", "status"]
    err = out[2]["content"]
    assert err["ename"] == "Error" and err["evalue"] == "boom"
    assert reply["content"]["traceback"] == err["traceback"]


def test_exit_status_zero_after_shutdown(kernel):
    assert kernel.shutdown() == 0


def test_never_binds_every_interface():
    k = RawKernel(ip="0.0.0.0")
    try:
        k.wait_ready()
        listening = set()
        for path in ["/proc/net/tcp", "/proc/net/tcp6"]:
            with open(path) as f:
                for line in f.readlines()[1:]:
                    local, state = line.split()[1], line.split()[3]
                    if state == "0A":  # LISTEN
                        addr, port = local.split(":")
                        listening.add((addr, int(port, 16)))
        ours = {(a, p) for a, p in listening if p in k.ports.values()}
        assert len(ours) == 5
        assert all(a == "0100007F" for a, _ in ours), ours
        assert "listening on 127.0.0.1 only" in (k.shutdown() == 0 and k.stderr())
    finally:
        k.close()


def test_ipc_transport():
    k = RawKernel(transport="ipc")
    try:
        k.wait_ready()
        assert k.execute("1 + 2")[1][-2]["content"]["data"]["text/plain"] == "3"
        assert k.shutdown() == 0
    finally:
        k.close()


def test_unsigned_kernel_without_key():
    k = RawKernel(key=b"")
    try:
        k.wait_ready()
        assert k.execute("2")[0]["content"]["status"] == "ok"
        assert k.shutdown() == 0
    finally:
        k.close()


def test_kernelspec_is_listed():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("rlscript")
    assert spec.display_name == "RLScript"
    assert spec.language == "rlscript"
    assert os.path.isabs(spec.argv[0]) and spec.argv[1:] == ["kernel", "{connection_file}"]
    assert spec.interrupt_mode in ("message", "signal")
    for size in (32, 64):
        with open(os.path.join(spec.resource_dir, f"logo-{size}x{size}.png"), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_jupyter_client_interrupt_in_signal_mode():
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="rlscript")
    km.kernel_spec.interrupt_mode = "signal"
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=10)
        msg_id = kc.execute("let n = 0\nwhile true { n += 1 }")
        time.sleep(0.3)
        threading.Timer(0, km.interrupt_kernel).start()
        reply = kc.get_shell_msg(timeout=5)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "Interrupted"
        reply = kc.execute_interactive("n > 0", timeout=5)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel()


def test_exits_when_the_launching_process_dies():
    import subprocess
    import sys

    k = RawKernel()  # only for its connection file; stop its own kernel
    k.proc.kill()
    k.proc.wait()
    launcher = ("import os, subprocess, sys\n"
                "p = subprocess.Popen([sys.argv[1], 'kernel', sys.argv[2]], stdout=subprocess.DEVNULL,"
                " stderr=subprocess.DEVNULL,"
                " env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))\n"
                "print(p.pid, flush=True)\n")
    out = subprocess.run([sys.executable, "-c", launcher, os.environ["RLS_BIN"], k.conn_file],
                         capture_output=True, text=True, check=True)
    pid = int(out.stdout)
    try:
        deadline = time.time() + 5
        while time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split()[2] == "Z":
                    break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError("the orphaned kernel kept running")
    finally:
        k.close()


def test_kernel_info_names_a_real_pygments_lexer(kernel):
    from pygments.lexers import get_lexer_by_name

    msg_id = kernel.send("control", "kernel_info_request")
    info = kernel.reply("control", msg_id)["content"]["language_info"]
    assert (info["name"], info["file_extension"], info["mimetype"]) == ("rlscript", ".rls", "text/x-rlscript")
    lexer = get_lexer_by_name(info["pygments_lexer"])
    tokens = [str(t) for t, _ in lexer.get_tokens('# a comment\nlet x = nil\nif x == nil { print("y") }\n')]
    assert "Token.Comment.Single" in tokens and "Token.Keyword.Pseudo" in tokens  # `#` comments, `nil`


def test_training_progress_updates_in_place_and_interrupt_keeps_the_partial_result(kernel):
    code = ("let r = train.loop(3, fn(i) { let t = clock()\nwhile clock() - t < 0.3 { }\n{loss: 1 / i} })\n"
            "r.iterations")
    reply, out = kernel.execute(code, timeout=30)
    assert reply["content"]["status"] == "ok"
    shown = [m for m in out if m["msg_type"] in ("display_data", "update_display_data")]
    assert shown[0]["msg_type"] == "display_data"
    assert len(shown) >= 2 and all(m["msg_type"] == "update_display_data" for m in shown[1:])
    ids = {m["content"]["transient"]["display_id"] for m in shown}
    assert len(ids) == 1
    assert "<progress" in shown[-1]["content"]["data"]["text/html"]
    assert shown[-1]["content"]["data"]["text/plain"].startswith("loop 3/3 [")
    assert out[-2]["content"]["data"]["text/plain"] == "3"
    # An interrupt ends the loop early; the cell goes on with the partial result.
    msg_id = kernel.send("shell", "execute_request", {
        "code": "let p = train.loop(100000, fn(i) { if i == 2 { print(\"running\") }\nlet t = clock()\n"
                "while clock() - t < 0.01 { }\n{i: i} })\n[p.interrupted, p.iterations == len(p.curve.i)]"})
    deadline = time.time() + 10  # interrupt once the loop is surely running
    while not any(m["msg_type"] == "stream" and m["parent_header"].get("msg_id") == msg_id for m in kernel.iopub_log):
        kernel.iopub_log.append(kernel.recv(kernel.iopub, max(0.01, deadline - time.time())))
    kernel.send("control", "interrupt_request")
    assert kernel.reply("shell", msg_id, timeout=10)["content"]["status"] == "ok"
    results = [m for m in kernel.outputs(msg_id) if m["msg_type"] == "execute_result"]
    assert results[0]["content"]["data"]["text/plain"] == "[true, true]"
