"""Entry point: `gunicorn wsgi:app` in production, `python wsgi.py` for the local server."""
import argparse

from community import create_app
from community.extensions import socketio

app = create_app()

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve Community with Socket.IO enabled.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True)
