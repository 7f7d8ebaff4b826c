"""The backup file: one tar archive holding the database's copy, the media files, and last a
manifest (`manifest.json`) with the rows of each table, the migrations applied, and the size and
SHA-256 of every other member, checked before a restore touches anything."""

import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made, or a file that cannot be restored: the message says why."""


@dataclass
class Member:
    size: int
    sha256: str


@dataclass
class Manifest:
    made_at: str  # ISO 8601, with its time zone
    made_by: str  # user and machine
    database: str  # "sqlite" or "postgresql"
    database_member: str
    migrations: list[str]
    tables: dict[str, int]
    files: dict[str, Member] = field(default_factory=dict)
    format: int = FORMAT

    @property
    def records(self) -> int:
        return sum(self.tables.values())

    @property
    def media(self) -> list[str]:
        return [name for name in self.files if name.startswith(f"{MEDIA}/")]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise BackupError(
                    f"Its format is {raw.get('format')!r}; this version of Twintowns reads "
                    f"format {FORMAT}."
                )
            files = {name: Member(**member) for name, member in raw.pop("files").items()}
            return cls(**raw, files=files)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise BackupError(f"Its manifest is damaged ({error}).") from None


class _Hashing:
    """A file read through, its SHA-256 and size counted on the way."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Members added one by one, each hashed as it is written; the manifest last. The archive
    gets its name only once complete: a backup stopped half-way leaves no file that looks whole."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        self.tar = tarfile.open(self.partial, "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.files: dict[str, Member] = {}

    def add(self, name: str, source: Path) -> None:
        with source.open("rb") as stream:
            info = self.tar.gettarinfo(fileobj=stream, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            hashing = _Hashing(stream)
            self.tar.addfile(info, hashing)  # type: ignore[arg-type]
        self.files[name] = Member(hashing.size, hashing.digest.hexdigest())

    def finish(self, manifest: Manifest) -> None:
        manifest.files = self.files
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(Path(self.partial).stat().st_mtime)
        self.tar.addfile(info, _Bytes(data))  # type: ignore[arg-type]
        self.tar.close()
        self.partial.replace(self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.partial.unlink(missing_ok=True)


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        chunk, self.at = self.data[self.at : end], min(end, len(self.data))
        return chunk


def open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")  # also once compressed with gzip, bzip2 or xz
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            f"{path} is not a Twintowns backup, or it is damaged ({error})."
        ) from None


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        stream = tar.extractfile(MANIFEST)
    except KeyError:
        raise BackupError("It has no manifest: it is not a whole Twintowns backup.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"It is damaged ({error}).") from None
    if stream is None:
        raise BackupError("Its manifest is not a file.")
    return Manifest.from_json(stream.read())


def extract_checked(tar: tarfile.TarFile, manifest: Manifest, into: Path) -> None:
    """Every member but the manifest into `into`, each checked against the manifest: size and
    SHA-256. Any difference, missing or extra member stops it with the member's name."""
    seen = set()
    try:
        for member in _members(tar):
            expected = manifest.files.get(member.name)
            if expected is None:
                raise BackupError(f"It holds {member.name}, which its manifest does not list.")
            target = into / _safe(member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if _copy_hashed(tar, member, target) != expected:
                raise BackupError(
                    f"It is damaged: {member.name} differs from its checksum in the manifest."
                )
            seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"It is damaged ({error}).") from None
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(f"It is incomplete: {', '.join(missing[:5])} missing.")


def _members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tar:
        if member.name == MANIFEST:
            continue
        if not member.isfile():
            raise BackupError(f"It holds {member.name}, which is not a plain file.")
        yield member


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"It holds {name}, a path outside the backup.")
    return path


def _copy_hashed(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> Member:
    source = tar.extractfile(member)
    assert source is not None  # a plain file, checked above
    hashing = _Hashing(source)
    with target.open("wb") as out:
        while chunk := hashing.read(CHUNK):
            out.write(chunk)
    return Member(hashing.size, hashing.digest.hexdigest())
