"""A JSON log formatter for production (LOG_FORMAT=json): one object per line.

Our loggers (kokebok.*) write `event key=value ...` lines that hold ids and states, never
personal data; this formatter turns them into fields, so that a log search can filter on
`event` or `submission` without parsing text.
"""

import json
import logging
import re
from datetime import UTC, datetime


def parse_key_values(message: str) -> dict | None:
    """`pitch_created submission=5 call=1` → {"event": "pitch_created", "submission": "5", ...};
    None for a message of another shape."""
    event, *pairs = message.split(" ")
    if not event or "=" in event or not all("=" in pair for pair in pairs):
        return None
    fields = {"event": event}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if not key or key in fields:
            return None
        fields[key] = value
    return fields


_RESERVED = {"time", "level", "logger", "exception"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        fields = parse_key_values(message) if record.name.startswith("kokebok") else None
        moment = datetime.fromtimestamp(record.created, tz=UTC)
        entry = {
            "time": moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            # A field of the message never overwrites the three above.
            **{k: v for k, v in (fields or {"message": message}).items() if k not in _RESERVED},
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# The secret part of a submitter's link or a contact's consent link, in any language prefix.
SECRET_LINK = re.compile(r"(/(?:send-inn/lenke|samtykke)/)[^/?#\s]+")


class HideSecretLinks(logging.Filter):
    """Django's own lines (`Not Found: <path>`, `Forbidden (CSRF ...): <path>`) name the path;
    for the secret links the token is replaced by `***`, so no log holds one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = SECRET_LINK.sub(r"\1***", message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
