"""Settings of the web front end and of `zhsearch serve`, from defaults, an
optional TOML file, the environment and command-line flags (later ones win).

Every setting has one name, used as the TOML key, as the flag (``--cors-origins``
for ``cors_origins``) and, upper-cased behind ``ZHSEARCH_``, as the environment
variable; the index folder keeps the command line's ``ZHSEARCH_INDEX``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from search import DEFAULT_INDEX_DIR, MAX_PER_PAGE, resolve_index_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

CONFIG_VARIABLE = "ZHSEARCH_CONFIG"

# An origin as browsers send it: scheme, host, optional port, nothing else.
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")
# A CSP host-source or keyword; no separators that could end the directive.
_ANCESTOR = re.compile(r"^('self'|'none'|https?://(\*\.)?[A-Za-z0-9.\-\[\]:]+|(\*\.)?[A-Za-z0-9.\-]+(:\d+)?)$")
_PREFIX = re.compile(r"^(/[A-Za-z0-9._~\-]+)+$")


class ConfigError(ValueError):
    """A setting has a value it cannot take; the message names the setting and where it came from."""


def _words(value: Any) -> list[str]:
    # The environment gives one string, TOML a list, repeated flags a tuple;
    # any of their strings may hold several words separated by commas or spaces.
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable) or not all(isinstance(item, str) for item in value):
        raise ValueError("must be a list of strings")
    return [word for item in value for word in re.split(r"[\s,]+", item) if word]


def _whole_number(low: int, high: int) -> Callable[[Any], int]:
    def convert(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"must be a whole number from {low} to {high}")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"must be a whole number from {low} to {high}, not {value!r}") from None
        if not low <= number <= high:
            raise ValueError(f"must be from {low} to {high}, not {number}")
        return number

    return convert


def _switch(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"must be true or false, not {value!r}")


def _text(value: Any) -> str:
    if not isinstance(value, (str, os.PathLike)):
        raise ValueError(f"must be a string, not {value!r}")
    return os.fspath(value)


def _url_prefix(value: Any) -> str:
    prefix = _text(value).rstrip("/")
    if prefix and not _PREFIX.match(prefix):
        raise ValueError(f"must be a path such as /search, not {value!r}")
    return prefix


def _origins(value: Any) -> tuple[str, ...]:
    origins = _words(value)
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise ValueError(f"{origin!r} is not an origin such as https://portal.intranet or *")
    return tuple(origin.rstrip("/") for origin in origins)


def _ancestors(value: Any) -> tuple[str, ...]:
    ancestors = _words(value)
    for ancestor in ancestors:
        if not _ANCESTOR.match(ancestor):
            raise ValueError(f"{ancestor!r} is not a CSP source such as https://portal.intranet or 'self'")
    return tuple(ancestors)


@dataclass(frozen=True)
class Setting:
    name: str
    convert: Callable[[Any], Any]
    help: str
    metavar: str
    variable: str = ""

    @property
    def env(self) -> str:
        return self.variable or f"ZHSEARCH_{self.name.upper()}"


SETTINGS = (
    Setting("index_dir", _text, "Index folder (default ./zhsearch-index).", "DIR", variable="ZHSEARCH_INDEX"),
    Setting("engine", _text, "Search engine: sphinx://HOST:PORT for a Sphinx or Manticore cluster (default: the index folder).", "URL"),
    Setting("synonyms", _text, "Synonyms file added to the shipped one (one group of words a line).", "FILE"),
    Setting("host", _text, "Address to listen on (default 127.0.0.1).", "HOST"),
    Setting("port", _whole_number(1, 65535), "Port to listen on (default 8080).", "PORT"),
    Setting("workers", _whole_number(1, 64), "Server processes (default: one per core).", "N"),
    Setting("threads", _whole_number(1, 64), "Threads in each server process (default 8).", "N"),
    Setting("url_prefix", _url_prefix, "Serve under this path, e.g. /search (default: the root).", "PATH"),
    Setting("per_page", _whole_number(1, MAX_PER_PAGE), "Results per page (default 10).", "N"),
    Setting("cors_origins", _origins, "Origins whose pages may call the API and use the widget.", "ORIGIN"),
    Setting("frame_ancestors", _ancestors, "Sources that may show the /embed pages in a frame.", "SOURCE"),
    Setting("trusted_proxies", _whole_number(0, 5), "Reverse proxies in front whose X-Forwarded-* headers count (default 0).", "N"),
    Setting("export_limit", _whole_number(1, 1_000_000), "Most pages one export (CSV, JSON Lines) lists (default 10000).", "N"),
    Setting("serve_originals", _switch, "Offer the original saved file for download (default true).", "BOOL"),
)
_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Everything `zhsearch serve` and ``create_app`` can be told."""

    index_dir: str = DEFAULT_INDEX_DIR
    engine: str = ""
    synonyms: str = ""
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    threads: int = 8
    url_prefix: str = ""
    per_page: int = 10
    cors_origins: tuple[str, ...] = ()
    frame_ancestors: tuple[str, ...] = ()
    trusted_proxies: int = 0
    export_limit: int = 10_000
    serve_originals: bool = True

    def updated(self, values: Mapping[str, Any], origin: str) -> Settings:
        """These settings with ``values`` applied; ``origin`` names where they came from in errors."""
        changes = {}
        for key, value in values.items():
            name = key.lower()
            if name not in _BY_NAME:
                known = ", ".join(setting.name for setting in SETTINGS)
                raise ConfigError(f"{origin}: unknown setting {key!r} (known: {known})")
            try:
                changes[name] = _BY_NAME[name].convert(value)
            except ValueError as problem:
                raise ConfigError(f"{origin}: {key} {problem}") from None
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The settings in a TOML file: top-level keys, or those of a ``[zhsearch]`` table."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    return data.get("zhsearch", data)


def from_environment(environ: Mapping[str, str]) -> dict[str, str]:
    return {setting.name: environ[setting.env] for setting in SETTINGS if environ.get(setting.env)}


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the TOML file (``config_file`` or $ZHSEARCH_CONFIG), then the
    environment, then the flags that were given (None means not given)."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    config_file = config_file or environ.get(CONFIG_VARIABLE)
    if config_file:
        values = dict(read_toml(config_file))
        for name in ("index_dir", "synonyms"):
            location = values.get(name)
            if isinstance(location, str) and location and not Path(location).is_absolute():
                # A relative path in a config file is relative to that file.
                values[name] = str(Path(config_file).parent / location)
        settings = settings.updated(values, str(config_file))
    settings = settings.updated(from_environment(environ), "environment")
    given = {name: value for name, value in (flags or {}).items() if value not in (None, ())}
    return settings.updated(given, "command line")


def as_settings(config: Settings | Mapping[str, Any] | None) -> Settings:
    """``create_app``'s argument as Settings; a mapping may use Flask-style upper-case keys."""
    if isinstance(config, Settings):
        return config
    # Without an index folder, the same one as the command line's: $ZHSEARCH_INDEX, else the default.
    return Settings(index_dir=str(resolve_index_dir())).updated(config or {}, "create_app config")
