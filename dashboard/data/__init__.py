"""The dashboard's one query layer, by subject.

Every function takes the viewer's :class:`~pantau.access.Scope` and applies its region
clause after the selection's region has been intersected with it
(:func:`dashboard.data.reference.narrowed`), so no page, export or briefing can return a
region outside the viewer's scope whatever the URL asks.  Work that does not depend on the
filter is shared between requests until the data changes (:mod:`dashboard.data.memo`).
"""
