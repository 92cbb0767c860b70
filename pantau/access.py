"""Who may see which regions: the scope every data query is filtered by.

The dashboard's data access layer takes a :class:`Scope` in every query and applies
:meth:`Scope.region_clause`, so a page, a callback or an export can never return data
outside the user's regions, whatever the request asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, true

ROLES = ("admin", "nasional", "provinsi", "kabupaten", "rapat")
#: Officials with a need to know: exact figures within their scope, internal exports.
#: ``rapat`` (the meeting display) is an audience, not an analyst.
ANALYST_ROLES = ("admin", "nasional", "provinsi", "kabupaten")


@dataclass(frozen=True)
class Scope:
    """The regions a role may see, and whether small cells must be suppressed."""

    role: str
    region_code: str | None = None  # "32" for provinsi, "32.01" for kabupaten
    suppress: bool = False

    @classmethod
    def national(cls) -> Scope:
        """Everything, unsuppressed (admin and nasional roles, and the CLI)."""
        return cls(role="nasional")

    @classmethod
    def for_user(cls, role: str, region_code: str | None) -> Scope:
        """The scope of a user; suppression is on for every role but admin and nasional."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return cls(role=role, region_code=region_code, suppress=role not in ("admin", "nasional"))

    @property
    def is_national(self) -> bool:
        return self.role in ("admin", "nasional", "rapat")

    @property
    def province_code(self) -> str | None:
        """The province the user is bound to, if any."""
        return self.region_code[:2] if self.region_code else None

    def allows(self, code: str | None) -> bool:
        """Whether the region ``code`` (province or regency) is visible; None = national."""
        if self.is_national:
            return True
        if code is None or self.region_code is None:
            return False
        if self.role == "provinsi":
            return code[:2] == self.region_code
        return code == self.region_code

    def region_clause(self, region_column, province_column) -> ColumnElement[bool]:
        """A WHERE clause limiting rows to the scope (columns of regency and province code)."""
        if self.is_national:
            return true()
        if self.region_code is None:
            return false()
        if self.role == "provinsi":
            return province_column == self.region_code
        return region_column == self.region_code
