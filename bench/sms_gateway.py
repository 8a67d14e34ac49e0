"""A stand-in SMS gateway for the bench: ``python bench/sms_gateway.py --port 9000 --log sent.jsonl``.

Speaks the JSON protocol of notifications.backends.sms.JsonHttpSmsBackend and appends one line per
message it accepts (the Idempotency-Key, the number, the time) to the log, which survives restarts:
bench/load.py --fault sms stops this process and starts it again, then counts what reached it.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(port: int, log_path: str) -> None:
    lock = threading.Lock()
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            key = self.headers.get("Idempotency-Key", "")
            with lock:
                if key not in seen:  # a repeated key is the same message: accepted, not sent twice
                    seen.add(key)
                    with open(log_path, "a", encoding="utf-8") as log:
                        log.write(json.dumps({"key": key, "to": body.get("to"), "at": time.time()}) + "\n")
            data = json.dumps({"id": f"bench-{key}", "status": "queued"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    try:
        with open(log_path, encoding="utf-8") as log:
            seen.update(json.loads(line)["key"] for line in log if line.strip())
    except FileNotFoundError:
        pass
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    serve(args.port, args.log)
