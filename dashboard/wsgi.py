"""WSGI entry point for gunicorn: ``gunicorn dashboard.wsgi:server``."""

from dashboard.app import create_app, ready_to_serve

app = create_app()
server = ready_to_serve(app)
