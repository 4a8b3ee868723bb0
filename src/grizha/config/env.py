"""Everything grizha reads from the environment, in one place (CONTRACTS section 1)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEMO_MUNICIPALITY = "SLV20"
VERIFY_EVERY_DAYS = 180
# Marks a PROMETHEUS_MULTIPROC_DIR grizha chose itself, which a process started by grizha chooses again.
METRICS_DIR_MARK = "GRIZHA_DEFAULT_METRICS_DIR"


def data_dir() -> Path:
    path = Path(os.environ.get("GRIZHA_DATA_DIR") or Path.cwd() / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def base_url() -> str:
    return (os.environ.get("GRIZHA_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")


def municipality_code() -> str:
    return os.environ.get("GRIZHA_MUNICIPALITY") or DEMO_MUNICIPALITY


def secret_key(folder: Path) -> str:
    """The SECRET_KEY from the environment, else one generated once into the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = folder / "secret_key"
    if not path.exists():
        # Write atomically so that two processes starting together agree on one key.
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(secrets.token_urlsafe(50))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def allowed_hosts() -> list[str]:
    """GRIZHA_ALLOWED_HOSTS (or ALLOWED_HOSTS), comma-separated: every site's host name; by default the
    host of GRIZHA_BASE_URL and this machine's own names."""
    if raw := os.environ.get("GRIZHA_ALLOWED_HOSTS") or os.environ.get("ALLOWED_HOSTS"):
        return [host.strip() for host in raw.split(",") if host.strip()]
    hosts = ["localhost", "127.0.0.1", "::1", "[::1]"]
    base_host = urlsplit(base_url()).hostname
    if base_host and base_host not in hosts:
        hosts.append(base_host)
    return hosts


def email_host() -> str:
    """The SMTP server for mail; empty means mail is kept as files in the data folder's outbox."""
    return os.environ.get("EMAIL_HOST", "").strip()


def program(variable: str, default: str) -> str:
    """An outside program: the path in `variable`, else its usual name, looked up on PATH when used."""
    return os.environ.get(variable, "").strip() or default


def verify_every_days() -> int:
    """After how many days without being verified again a service counts as stale (GRIZHA_VERIFY_EVERY_DAYS)."""
    raw = os.environ.get("GRIZHA_VERIFY_EVERY_DAYS", "").strip()
    if not raw:
        return VERIFY_EVERY_DAYS
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"GRIZHA_VERIFY_EVERY_DAYS must be a whole number of days, 1 or more, not {raw!r}")
    return int(raw)


def log_format() -> str:
    """How log lines are written (GRIZHA_LOG_FORMAT): "text" for people, "json" for one object a line."""
    raw = os.environ.get("GRIZHA_LOG_FORMAT", "").strip().lower() or "text"
    if raw not in {"text", "json"}:
        raise ImproperlyConfigured(f"GRIZHA_LOG_FORMAT must be text or json, not {raw!r}")
    return raw


def networks(variable: str) -> list[str]:
    """Comma-separated networks in CIDR notation (a single address is a network of one), checked."""
    import ipaddress

    found = []
    for part in os.environ.get(variable, "").split(","):
        if part.strip():
            try:
                found.append(str(ipaddress.ip_network(part.strip(), strict=False)))
            except ValueError:
                raise ImproperlyConfigured(f"{variable} holds {part.strip()!r}, which is not a network") from None
    return found


def use_metrics_dir(folder: Path) -> Path:
    """Where this process keeps its metrics, made PROMETHEUS_MULTIPROC_DIR (which prometheus_client reads).

    The operator's PROMETHEUS_MULTIPROC_DIR when set (they empty it between runs of the server); else a
    folder of the data folder for each run of the server, named after its process group, which its main
    process and its worker processes share (grizha.core.observability.metrics removes those of ended runs)."""
    raw = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if raw and raw != os.environ.get(METRICS_DIR_MARK):
        return Path(raw)
    path = folder / "metrics" / str(os.getpgrp())
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.environ[METRICS_DIR_MARK] = str(path)
    return path
