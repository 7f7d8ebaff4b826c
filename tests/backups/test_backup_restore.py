"""`twintowns backup` and `twintowns restore`: a round trip puts back the exact state, database and
media files; a damaged file, or one from another schema version, is refused and changes nothing."""

import getpass
import gzip
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import PartnershipFactory, StaffRoleFactory, UserFactory
from twintowns.authorities.models import Role
from twintowns.backups import databases
from twintowns.backups.models import Restoration
from twintowns.partnerships.models import Partnership

# The restore replaces the whole database: the test's rows must be committed to be backed up.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def media_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def put_media(name: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def manifest_of(path: Path) -> dict:
    with tarfile.open(path) as tar:
        stream = tar.extractfile("manifest.json")
        assert stream is not None
        return json.loads(stream.read())


@pytest.fixture
def backed_up(tmp_path: Path, authority) -> tuple[Path, Partnership]:  # type: ignore[no-untyped-def]
    """A partnership with notes and an agreement file, backed up."""
    seoul = PartnershipFactory(authority=authority, notes="Signed in 2006.")
    put_media("agreements/seoul.pdf", b"%PDF-1.4 the agreement")
    path = tmp_path / "twintowns.tar"
    run("backup", str(path))
    return path, seoul


def test_a_round_trip_puts_back_the_exact_state_and_records_the_restore(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    before = databases.counts()
    Partnership.objects.filter(pk=seoul.pk).update(notes="Changed after the backup.")
    later = PartnershipFactory(authority=seoul.authority)
    put_media("agreements/seoul.pdf", b"overwritten")
    put_media("photos/later.jpg", b"made after the backup")

    output = run("restore", str(path), "--no-input")

    assert Partnership.objects.get(pk=seoul.pk).notes == "Signed in 2006."
    assert not Partnership.objects.filter(pk=later.pk).exists()
    assert media_files() == {"agreements/seoul.pdf": b"%PDF-1.4 the agreement"}
    after = databases.counts()
    assert after == {**before, "backups_restoration": 1}
    record = Restoration.objects.get()
    assert (record.file, record.restored_by, record.records, record.media_files) == (
        str(path),
        getpass.getuser(),
        sum(before.values()),
        1,
    )
    assert "(each count checked), 1 media files" in output


def test_the_manifest_counts_every_table_and_holds_each_members_checksum(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, _seoul = backed_up

    manifest = manifest_of(path)

    assert manifest["tables"] == databases.counts()
    assert manifest["tables"]["partnerships_partnership"] == 1
    assert "partnerships.0001_initial" in manifest["migrations"]
    with tarfile.open(path) as tar:
        names = tar.getnames()
        pdf = tar.extractfile("media/agreements/seoul.pdf").read()  # type: ignore[union-attr]
    member = databases.MEMBERS[connection.vendor]
    assert names == [member, "media/agreements/seoul.pdf", "manifest.json"]
    assert manifest["files"]["media/agreements/seoul.pdf"] == {
        "size": len(pdf),
        "sha256": hashlib.sha256(pdf).hexdigest(),
    }


def test_each_restore_stays_recorded_after_the_next_one(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, _seoul = backed_up

    run("restore", str(path), "--no-input")
    run("restore", str(path), "--no-input")  # the backup has no record of the first restore

    assert Restoration.objects.count() == 2


def _flip_a_byte_of(path: Path, member: str) -> None:
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data + 100
    with path.open("r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 0xFF]))


def test_a_damaged_backup_is_refused_and_nothing_changes(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    _flip_a_byte_of(path, databases.MEMBERS[connection.vendor])
    later = PartnershipFactory(authority=seoul.authority)
    put_media("photos/later.jpg", b"made after the backup")
    files = media_files()

    with pytest.raises(CommandError) as refused:
        run("restore", str(path), "--no-input")

    assert "differs from its checksum in the manifest" in str(refused.value)
    assert Partnership.objects.filter(pk=later.pk).exists()
    assert (media_files(), Restoration.objects.count()) == (files, 0)
    assert [p.name for p in Path(settings.MEDIA_ROOT).iterdir()] == ["agreements", "photos"]


def test_a_truncated_backup_is_refused(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    later = PartnershipFactory(authority=seoul.authority)

    with pytest.raises(CommandError) as refused:
        run("restore", str(path), "--no-input")

    assert str(refused.value).startswith(f"{path} was not restored.")
    assert Partnership.objects.filter(pk=later.pk).exists()


def test_a_file_that_is_no_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.tar"
    path.write_text("not an archive")

    with pytest.raises(CommandError) as refused:
        run("restore", str(path), "--no-input")

    assert str(refused.value).startswith(f"{path} was not restored. {path} is not a Twintowns")


def test_a_backup_of_another_schema_version_is_refused(tmp_path: Path, authority) -> None:  # type: ignore[no-untyped-def]
    newer = ("partnerships", "9999_from_a_newer_version")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, CURRENT_TIMESTAMP)",
            newer,
        )
    path = tmp_path / "newer.tar"
    run("backup", str(path))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", newer)
    later = PartnershipFactory(authority=authority)

    with pytest.raises(CommandError) as refused:
        run("restore", str(path), "--no-input")

    assert str(refused.value) == (
        f"{path} was not restored. It was made at another schema version than this version of "
        "Twintowns. It has migrations this version does not know "
        "(partnerships.9999_from_a_newer_version): a newer version. Restore it with the version "
        "of Twintowns that made it; nothing was changed."
    )
    assert Partnership.objects.filter(pk=later.pk).exists()


def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    path = tmp_path / "kept.tar"
    path.write_bytes(b"an older backup")

    with pytest.raises(CommandError, match="exists already"):
        run("backup", str(path))

    assert path.read_bytes() == b"an older backup"


def test_restore_asks_first_and_a_no_changes_nothing(backed_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    later = PartnershipFactory(authority=seoul.authority)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        run("restore", str(path))

    assert Partnership.objects.filter(pk=later.pk).exists()
    assert media_files() == {"agreements/seoul.pdf": b"%PDF-1.4 the agreement"}


def test_the_log_of_restores_is_for_superusers_in_the_admin(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    run("restore", str(path), "--no-input")
    superuser, office_admin = Client(), Client()
    superuser.force_login(UserFactory(is_staff=True, is_superuser=True))
    role = StaffRoleFactory(authority=seoul.authority, role=Role.ADMIN)
    role.user.is_staff = True
    role.user.save()
    office_admin.force_login(role.user)
    url = reverse("admin:backups_restoration_changelist")

    listed = superuser.get(url)

    assert [r.file for r in listed.context["cl"].result_list] == [str(path)]
    assert office_admin.get(url).status_code == 403


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="only PostgreSQL can tell who else is connected",
)
def test_restore_waits_for_the_app_servers_to_stop(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, _seoul = backed_up
    import psycopg

    from twintowns.backups.databases import _conninfo

    with (
        psycopg.connect(**_conninfo(connection.settings_dict)),
        pytest.raises(CommandError, match="1 other sessions are connected to the database"),
    ):
        run("restore", str(path), "--no-input")


def test_a_backup_compressed_with_gzip_restores_as_it_is(backed_up) -> None:  # type: ignore[no-untyped-def]
    path, seoul = backed_up
    compressed = path.with_suffix(".tar.gz")
    compressed.write_bytes(gzip.compress(path.read_bytes()))
    later = PartnershipFactory(authority=seoul.authority)

    run("restore", str(compressed), "--no-input")

    assert not Partnership.objects.filter(pk=later.pk).exists()
    assert Restoration.objects.get().file == str(compressed)
