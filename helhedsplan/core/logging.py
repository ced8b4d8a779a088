import logging


class DropCredentials(logging.Filter):
    """django-ninja logs a whole unexpected Authorization header; never let it reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unexpected auth")
