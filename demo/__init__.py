"""Demo data: `manage.py laad_demo` loads the demo module of every app (on top of the layers)."""
