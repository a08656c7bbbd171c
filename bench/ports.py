"""A free TCP port on 127.0.0.1, for the servers the bench scripts start."""

import socket


def free_port():
    """A port that was free a moment ago (another process may still take it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
