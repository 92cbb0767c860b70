"""Read-only queries of the analysis pages (overseas victims, law enforcement, compliance).

Every query takes a :class:`~pantau.access.Scope` and applies its region clause.
"""
