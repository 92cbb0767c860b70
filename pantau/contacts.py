"""Official contacts of each region's offices, who the reminder ladder writes to.

Addresses of offices only (the task-force secretariat, the Sekda, the head of region),
never private persons.  Managed by admins (core functions here) or imported from a CSV or
XLSX file with the columns ``kode_wilayah``, ``peran``, ``kantor`` and ``email`` (English
headers ``region_code``, ``role``, ``office``, ``email`` also accepted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, select

from pantau.access import Scope
from pantau.db import session_scope
from pantau.models import Contact, Region, utcnow

ROLES = ("sekretariat", "sekda", "kepala_daerah")
ROLE_NAMES = {
    "sekretariat": ("Sekretariat Gugus Tugas", "Task-force secretariat"),
    "sekda": ("Sekretaris Daerah", "Regional secretary"),
    "kepala_daerah": ("Kepala Daerah", "Head of region"),
}
_ROLE_ALIASES = {
    "secretariat": "sekretariat",
    "sekretariat_gugus_tugas": "sekretariat",
    "regional_secretary": "sekda",
    "sekretaris_daerah": "sekda",
    "head_of_region": "kepala_daerah",
    "head": "kepala_daerah",
    "gubernur": "kepala_daerah",
    "bupati": "kepala_daerah",
    "wali_kota": "kepala_daerah",
}
_HEADERS = {
    "kode_wilayah": "region_code",
    "region_code": "region_code",
    "peran": "role",
    "role": "role",
    "kantor": "office",
    "office": "office",
    "email": "email",
    "surel": "email",
}
# Deliberately plain: one @, no spaces, a dot in the domain.
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class ContactError(ValueError):
    """A contact that cannot be stored, with the reason."""


@dataclass(frozen=True)
class ContactRow:
    id: int
    region_code: str
    region_name: str
    province_code: str
    role: str
    office: str | None
    email: str
    synthetic: bool


def normalise_role(raw: str) -> str:
    """The canonical role of ``raw`` (Indonesian or English), or ContactError."""
    key = re.sub(r"[^a-z]+", "_", raw.strip().casefold()).strip("_")
    role = _ROLE_ALIASES.get(key, key)
    if role not in ROLES:
        raise ContactError(f"unknown role {raw!r}; use one of {', '.join(ROLES)}")
    return role


def _checked(engine: Engine, region_code: str, role: str, email: str) -> tuple[str, str, str]:
    region_code, email = region_code.strip(), email.strip().lower()
    if not _EMAIL.match(email):
        raise ContactError(f"{email!r} is not an email address")
    with engine.connect() as connection:
        if connection.scalar(select(Region.code).where(Region.code == region_code)) is None:
            raise ContactError(f"unknown region code {region_code!r}")
    return region_code, normalise_role(role), email


def add_contact(
    engine: Engine,
    region_code: str,
    role: str,
    email: str,
    office: str | None = None,
    *,
    synthetic: bool = False,
) -> int:
    """Store a contact (or update the office of the same region, role and email)."""
    region_code, role, email = _checked(engine, region_code, role, email)
    with session_scope(engine) as session:
        contact = session.scalar(
            select(Contact).where(
                Contact.region_code == region_code, Contact.role == role, Contact.email == email
            )
        )
        if contact is None:
            contact = Contact(region_code=region_code, role=role, email=email)
            session.add(contact)
        contact.office = office.strip() if office else None
        contact.synthetic = synthetic
        contact.updated_at = utcnow()
        session.flush()
        return contact.id


def update_contact(
    engine: Engine,
    contact_id: int,
    *,
    role: str | None = None,
    email: str | None = None,
    office: str | None = None,
) -> None:
    """Change a contact's role, email or office."""
    with session_scope(engine) as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise ContactError(f"no contact {contact_id}")
        _, new_role, new_email = _checked(
            engine, contact.region_code, role or contact.role, email or contact.email
        )
        contact.role, contact.email = new_role, new_email
        if office is not None:
            contact.office = office.strip() or None
        contact.updated_at = utcnow()


def remove_contact(engine: Engine, contact_id: int) -> bool:
    """Delete a contact; False if there was none."""
    with session_scope(engine) as session:
        return session.execute(delete(Contact).where(Contact.id == contact_id)).rowcount == 1


def list_contacts(
    engine: Engine,
    *,
    scope: Scope | None = None,
    province: str | None = None,
    region_code: str | None = None,
    role: str | None = None,
) -> list[ContactRow]:
    """Contacts in ``scope``, by region code, role and email."""
    scope = scope or Scope.national()
    province_of = func.substr(Contact.region_code, 1, 2)
    query = (
        select(
            Contact.id,
            Contact.region_code,
            Contact.role,
            Contact.office,
            Contact.email,
            Contact.synthetic,
            Region.name,
        )
        .join(Region, Region.code == Contact.region_code)
        .where(scope.region_clause(Contact.region_code, province_of))
        .order_by(Contact.region_code, Contact.role, Contact.email)
    )
    if province:
        query = query.where(province_of == province)
    if region_code:
        query = query.where(Contact.region_code == region_code)
    if role:
        query = query.where(Contact.role == normalise_role(role))
    with engine.connect() as connection:
        return [
            ContactRow(
                id=row.id,
                region_code=row.region_code,
                region_name=row.name,
                province_code=row.region_code[:2],
                role=row.role,
                office=row.office,
                email=row.email,
                synthetic=row.synthetic,
            )
            for row in connection.execute(query)
        ]


def addresses(engine: Engine, region_code: str, role: str) -> list[str]:
    """The email addresses of ``role`` in ``region_code``."""
    with engine.connect() as connection:
        return list(
            connection.scalars(
                select(Contact.email)
                .where(Contact.region_code == region_code, Contact.role == role)
                .order_by(Contact.email)
            )
        )


def read_contact_file(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV (``,`` or ``;``) or XLSX contact file, keyed by canonical header."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        raw = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(raw.splitlines()[0] if raw else ",", delimiters=",;")
        table = list(csv.reader(io.StringIO(raw), dialect))
    if not table:
        return []
    headers = [_HEADERS.get(h.strip().casefold(), h.strip().casefold()) for h in table[0]]
    missing = {"region_code", "role", "email"} - set(headers)
    if missing:
        raise ContactError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    return [
        dict(zip(headers, (cell.strip() for cell in row), strict=False))
        for row in table[1:]
        if any(cell.strip() for cell in row)
    ]


@dataclass(frozen=True)
class ImportResult:
    stored: int
    errors: tuple[str, ...]


def import_contacts(engine: Engine, rows: Iterable[dict[str, str]]) -> ImportResult:
    """Store every valid row; invalid rows are reported by line, never guessed."""
    stored, errors = 0, []
    for line, row in enumerate(rows, start=2):
        try:
            add_contact(
                engine,
                row.get("region_code", ""),
                row.get("role", ""),
                row.get("email", ""),
                row.get("office") or None,
            )
        except ContactError as exc:
            errors.append(f"line {line}: {exc}")
        else:
            stored += 1
    return ImportResult(stored, tuple(errors))
