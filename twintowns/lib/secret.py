import secrets
from pathlib import Path


def load_or_create_secret_key(path: Path) -> str:
    """Read the installation's secret key, creating it on first start so nobody ships a default."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
