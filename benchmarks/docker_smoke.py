"""Smoke test of the Docker image: run it, wait for /health, solve the bundled task, stop it.

    docker build -t arcsynth . && python3 benchmarks/docker_smoke.py --image arcsynth
    make docker-smoke DOCKER=/path/to/docker

Publishes the container's port 8000 on a free loopback port only. Reports the image size, the
seconds from `docker run` to a healthy /health, whether the image's own HEALTHCHECK passes inside
the container, the user it runs as, and its exit status after `docker stop` (SIGTERM). Exit
status 0 when every check passes. Standard library only, so any Python 3 runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASK = ROOT / "examples" / "3c9b0459.json"


def _docker(docker: str, *args: str, check: bool = True) -> str:
    done = subprocess.run([docker, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"{docker} {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return json.load(response).get("status") == "ok"
    except (OSError, ValueError):
        return False


def _solve(url: str, task: dict) -> dict:
    request = urllib.request.Request(
        f"{url}/solve",
        data=json.dumps({**task, "budget_seconds": 10}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def smoke(docker: str, image: str, timeout: float) -> list[tuple[str, bool, str]]:
    """Run the checks; return (check, passed, detail) for each."""
    checks: list[tuple[str, bool, str]] = []
    size = int(_docker(docker, "image", "inspect", "--format", "{{.Size}}", image))
    checks.append(("image size", True, f"{size / 1e6:.0f} MB"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    name = f"arcsynth-smoke-{os.getpid()}"
    started = time.monotonic()
    _docker(docker, "run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8000", image)
    try:
        while not _healthy(url):
            if time.monotonic() - started > timeout:
                logs = _docker(docker, "logs", name, check=False)
                checks.append(("healthy", False, f"not within {timeout:.0f} s; logs:\n{logs}"))
                return checks
            time.sleep(0.2)
        checks.append(("healthy", True, f"{time.monotonic() - started:.1f} s after docker run"))

        task = json.loads(TASK.read_text())
        answer = _solve(url, task)
        best = answer["attempts"][0][0]
        right = best["grid"] == task["test"][0]["output"]
        checks.append(("solve 3c9b0459", right, f"{best['program']!r}, grid right: {right}"))

        config = json.loads(
            _docker(docker, "image", "inspect", "--format", "{{json .Config.Healthcheck}}", image)
            or "null"
        )
        test = (config or {}).get("Test") or []
        if test[:1] == ["CMD"]:
            done = subprocess.run([docker, "exec", name, *test[1:]], capture_output=True)
            checks.append(("HEALTHCHECK inside", done.returncode == 0, f"exit {done.returncode}"))
        else:
            checks.append(("HEALTHCHECK inside", False, f"none in the image metadata: {config}"))

        uid = _docker(docker, "exec", name, "id", "-u")
        checks.append(("non-root user", uid != "0", f"uid {uid}"))

        stop_started = time.monotonic()
        _docker(docker, "stop", "-t", "40", name)
        stopped = time.monotonic() - stop_started
        status = _docker(docker, "inspect", "--format", "{{.State.ExitCode}}", name)
        checks.append(("clean stop", status == "0", f"exit {status} in {stopped:.1f} s"))
    finally:
        _docker(docker, "rm", "-f", name, check=False)
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docker", default="docker", help="the docker command")
    parser.add_argument("--image", default="arcsynth")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to become healthy")
    args = parser.parse_args(argv)
    try:
        checks = smoke(args.docker, args.image, args.timeout)
    except (RuntimeError, OSError, urllib.error.URLError) as error:
        print(f"docker smoke FAILED: {error}", file=sys.stderr)
        return 1
    for check, passed, detail in checks:
        print(f"{'ok  ' if passed else 'FAIL'} {check}: {detail}")
    passed = all(ok for _, ok, _ in checks)
    print("docker smoke " + ("passed" if passed else "FAILED"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
