"""A private clamd for the malware tests, and an empty cache for the rate limits."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.cache import cache

# The EICAR test file: harmless by design, detected by every antivirus as if it were a virus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages' rate limits count in the cache: each test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def clamd_socket():
    """Start Debian's clamd with a one-signature database (EICAR) and yield its socket path.

    Debian's clamav packages ship no signatures (freshclam downloads them from ClamAV's servers,
    which a test run cannot count on), so the database is written here: a body signature that
    finds the EICAR string anywhere in a file. Skipped where clamd is not installed.
    """
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.skip("clamd is not installed (Debian package clamav-daemon)")
    # A short folder: a Unix socket path may not exceed 107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="silah-clamd-"))
    (folder / "db").mkdir()
    (folder / "db" / "silah-test.ndb").write_text(f"Silah.Test.EICAR:0:*:{EICAR.hex()}\n")
    socket_path = folder / "clamd.sock"
    (folder / "clamd.conf").write_text(
        f"Foreground yes\nLocalSocket {socket_path}\nDatabaseDirectory {folder / 'db'}\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 - a fixed binary and a config file written above
        [binary, "-c", str(folder / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while not socket_path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.skip("clamd did not start: " + (folder / "clamd.log").read_text(errors="replace")[-500:])
            time.sleep(0.05)
        yield str(socket_path)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
