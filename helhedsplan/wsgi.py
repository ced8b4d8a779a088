import os

from django.core.wsgi import get_wsgi_application

from helhedsplan.core.memory import freeze_what_is_loaded

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
application = get_wsgi_application()
# Every gunicorn worker loads this module once: Django, the apps and their libraries are loaded.
freeze_what_is_loaded()
