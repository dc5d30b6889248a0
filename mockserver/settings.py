"""Settings of one mock instance: profile, limits, OAuth clients and users, rule switches.

Sources, highest priority first: command-line options, ``GENESYS_MOCK_*`` environment variables (nested keys with
``__``, e.g. ``GENESYS_MOCK_RATE_LIMIT__REQUESTS=10``), the config file (YAML or TOML, ``--config`` or
``GENESYS_MOCK_CONFIG``), defaults. Everything is validated by pydantic so a bad config fails at start-up with a
message naming the key, never later in a request.
"""

from __future__ import annotations

import contextvars
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
    YamlConfigSettingsSource,
)

Profile = Literal["strict", "faithful"]
GrantType = Literal["client_credentials", "password"]
_ALL_GRANTS: tuple[GrantType, ...] = ("client_credentials", "password")
ServerName = Literal["waitress", "granian"]

ALL_PERMISSIONS = "*"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RateLimit(_Strict):
    """A rate window: at most ``requests`` per ``window_seconds`` per token (facts §3: 300 per 60 s)."""

    requests: int = Field(300, ge=1, description="requests allowed per window and token")
    window_seconds: int = Field(60, ge=1, description="length of the window")


class OAuthClient(_Strict):
    """An OAuth client the mock accepts. ``permissions`` use Genesys strings; ``*`` matches any segment."""

    client_id: str = Field(min_length=1, description="unique among the clients")
    client_secret: str = Field(min_length=1)
    name: str = Field("Mock client", description="a label for the client")
    grant_types: list[GrantType] = Field(
        default_factory=lambda: list(_ALL_GRANTS), description="the OAuth grants this client may use"
    )
    permissions: list[str] = Field(
        default_factory=lambda: [ALL_PERMISSIONS],
        description="Genesys permission strings; * matches one segment, or all alone",
    )


class MockUser(_Strict):
    """A user for ``grant_type=password``; their token carries a user context (needed by call routes)."""

    username: str = Field(min_length=1, description="unique among the users")
    password: str = Field(min_length=1)
    name: str = "Mock Agent"
    id: str | None = Field(None, description="the user's id; default: derived from the username, stable")
    permissions: list[str] = Field(
        default_factory=lambda: [ALL_PERMISSIONS],
        description="Genesys permission strings; * matches one segment, or all alone",
    )

    def model_post_init(self, __context: Any) -> None:
        if self.id is None:
            # Stable across restarts so state files and tests can refer to the user's id.
            self.id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"genesys-mock:user:{self.username}"))


class OutboundSettings(_Strict):
    """Limits of the outbound area. Defaults are the real org's (facts §5.5, §7.1); tests lower them."""

    max_contact_lists: int = Field(1000, ge=1, description="per org (max.entity.count.reached)")
    max_contacts_per_list: int = Field(1_000_000, ge=1, description="contacts per list (facts §7.1)")
    upload_max_bytes: int = Field(10 * 1024 * 1024, ge=1, description="CSV upload limit of rule OUT-UPLOAD-SIZE")
    import_rows_per_second: float = Field(
        0, ge=0, description="0 imports at full speed; a positive rate makes IN_PROGRESS observable"
    )
    bulk_records_per_second: float = Field(
        1000, gt=0, description="how fast a bulk remove/update job works through its contacts, on the mock's clock"
    )


class GenericSettings(_Strict):
    """Limits of generic resources (mockserver/generic): state must stay bounded whatever clients send."""

    max_records: int = Field(
        10_000,
        ge=1,
        description="per collection table, and for all singleton documents of a tenant (400 max.entity.count.reached)",
    )


class ClockSettings(_Strict):
    """How the mock's clock runs (see mockserver/core/clock.py).

    ``real`` (default): time passes on its own, so a client that polls a call until it connects works unchanged,
    as against a real org, and a person can watch a call progress. ``frozen``: time only moves with
    ``POST /__mock/clock/advance``, so tests of call lifecycles are deterministic.
    """

    mode: Literal["real", "frozen"] = Field(
        "real", description="real: time passes; frozen: only POST /__mock/clock/advance moves it"
    )


class JournalSettings(_Strict):
    """The request journal of each tenant (``/__mock/requests``).

    Bounded so a long-running server under load keeps flat memory: the oldest entries give way to new ones;
    bodies, the query string and the request headers are each cut at ``max_body_bytes`` (the entry says
    ``bodyTruncated``, ``queryTruncated``, ``headersTruncated``); and all tenants' journals together keep at most
    ``max_total_bytes`` (the oldest entries of any tenant go first). ``max_entries: 0`` records nothing.
    """

    max_entries: int = Field(1000, ge=0, le=1_000_000, description="per tenant; the oldest give way; 0 records nothing")
    max_body_bytes: int = Field(8192, ge=0, le=10 * 1024 * 1024, description="bodies, query, headers cut past this")
    max_total_bytes: int = Field(64 * 1024 * 1024, ge=1024, description="all tenants' journals together")


DEFAULT_CLIENT = OAuthClient(client_id="mock-client-id", client_secret="mock-client-secret")
DEFAULT_USER = MockUser(username="agent@example.com", password="mock-password")

_config_file: contextvars.ContextVar[Path | None] = contextvars.ContextVar("genesys_mock_config", default=None)


class Settings(BaseSettings):
    """All settings of a mock instance; see the module docstring for where they come from."""

    model_config = SettingsConfigDict(
        env_prefix="GENESYS_MOCK_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    profile: Profile = Field("strict", description="strict: the rules users asked for; faithful: as the real org")
    host: str = Field("127.0.0.1", description="address to bind; 0.0.0.0 inside a container")
    port: int = Field(8080, ge=0, le=65535, description="0 picks a free port (printed at start)")
    server: ServerName = Field("granian", description="serving layer of `genesys-mock serve` (mockserver/serving)")
    threads: int = Field(8, ge=1, le=256, description="Python threads running the app (granian: per worker)")
    admin: bool = Field(True, description="false turns /__mock/* off, except /__mock/health")
    log_requests: bool = Field(True, description="one log line per request (secrets in the query masked)")
    max_body_bytes: int = Field(10 * 1024 * 1024, ge=1, description="larger request bodies get 413 unread")
    token_lifetime_seconds: int = Field(86400, ge=1, description="expires_in of issued tokens")
    max_tenants: int = Field(1000, ge=1, description="the default tenant included; 409 beyond (core/tenants.py)")
    rate_limit: RateLimit = Field(default_factory=RateLimit)
    rate_limit_overrides: dict[str, RateLimit] = Field(
        default_factory=dict, description="per operationId, e.g. postOutboundContactlists"
    )
    clients: list[OAuthClient] = Field(
        default_factory=lambda: [DEFAULT_CLIENT.model_copy()], description="OAuth clients (see the entries below)"
    )
    users: list[MockUser] = Field(
        default_factory=lambda: [DEFAULT_USER.model_copy()], description="password-grant users (see the entries below)"
    )
    rules: dict[str, bool] = Field(default_factory=dict, description="rule id -> on/off, overriding the profile")
    outbound: OutboundSettings = Field(default_factory=OutboundSettings)
    generic: GenericSettings = Field(default_factory=GenericSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    journal: JournalSettings = Field(default_factory=JournalSettings)
    state: str = Field(
        "memory",
        description="where state lives: memory (one process) or redis://HOST:PORT/DB "
        "(survives restarts; several workers or hosts share it)",
    )
    workers: int = Field(1, ge=1, le=64, description="server processes; more than 1 needs a shared state backend")
    state_file: Path | None = Field(None, description="loaded at start, written atomically on a clean shutdown")
    seed_file: Path | None = Field(None, description="JSON/YAML state document or {seed: {...}}, loaded at start")

    @field_validator("state_file", "seed_file", mode="before")
    @classmethod
    def _blank_path_is_none(cls, value: Any) -> Any:
        """``GENESYS_MOCK_SEED_FILE=`` (as compose passes an unset ``${VAR:-}``) means no file, not the cwd."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("state")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value != "memory" and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("use 'memory' or a Redis URL such as redis://127.0.0.1:6379/0")
        return value

    @field_validator("clients")
    @classmethod
    def _unique_clients(cls, clients: list[OAuthClient]) -> list[OAuthClient]:
        ids = [c.client_id for c in clients]
        if len(ids) != len(set(ids)):
            raise ValueError("client_id values must be unique")
        return clients

    @field_validator("users")
    @classmethod
    def _unique_users(cls, users: list[MockUser]) -> list[MockUser]:
        names = [u.username for u in users]
        if len(names) != len(set(names)):
            raise ValueError("usernames must be unique")
        return users

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = _config_file.get()
        if path is not None:
            if path.suffix.lower() == ".toml":
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
            else:
                sources.append(YamlConfigSettingsSource(settings_cls, yaml_file=path))
        return tuple(sources)

    def client(self, client_id: str) -> OAuthClient | None:
        return next((c for c in self.clients if c.client_id == client_id), None)

    def user(self, username: str) -> MockUser | None:
        return next((u for u in self.users if u.username == username), None)


class SettingsError(Exception):
    """A configuration problem, worded for a person reading the start-up output."""


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from overrides, environment and an optional config file (``GENESYS_MOCK_CONFIG``)."""
    import os

    path_value = config_file or os.environ.get("GENESYS_MOCK_CONFIG")
    path = Path(path_value) if path_value else None
    if path is not None:
        if not path.is_file():
            raise SettingsError(f"config file not found: {path}")
        if path.suffix.lower() not in (".yaml", ".yml", ".toml"):
            raise SettingsError(f"config file must be .yaml, .yml or .toml: {path}")
    token = _config_file.set(path)
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}" for err in exc.errors()
        )
        where = f" in {path}" if path else ""
        raise SettingsError(f"invalid settings{where}: {problems}") from None
    except Exception as exc:  # a file that is not valid YAML/TOML
        raise SettingsError(f"cannot read config file {path}: {exc}") from None
    finally:
        _config_file.reset(token)
