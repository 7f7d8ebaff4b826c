import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twintowns.settings")
application = get_wsgi_application()

# Imported once by each gunicorn worker: what it loaded stays, so the collector can skip it.
from twintowns.lib.memory import freeze_what_is_loaded  # noqa: E402 (needs the settings above)

freeze_what_is_loaded()
