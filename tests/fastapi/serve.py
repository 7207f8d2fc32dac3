"""Starts app.py on 127.0.0.1 and prints `listening on http://127.0.0.1:<port>`.

The port is $PORT, or a free one when it is unset or 0.

The socket is bound here and handed to uvicorn, so the port printed is the port served and
no other process can take it in between. Exits with status 3 and one line on stderr when
FastAPI or uvicorn is missing.
"""

import os
import socket
import sys

try:
    import fastapi  # noqa: F401
    import uvicorn
except ImportError as missing:
    sys.stderr.write(
        f"FastAPI is not installed for {sys.executable} ({missing}): "
        "apt-get install -y python3-fastapi python3-uvicorn\n"
    )
    sys.exit(3)

# No __pycache__ next to the app in the working tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on sockets that say TCP,
    # and without it every keep-alive request waits about 40 ms for a delayed ACK.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(os.environ.get("PORT") or 0)))
    # Listening before the port is printed: a client that connects at once waits in the
    # backlog until uvicorn accepts, instead of being refused.
    listener.listen(2048)
    port = listener.getsockname()[1]
    config = uvicorn.Config("app:app", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    server.run(sockets=[listener])


if __name__ == "__main__":
    main()
