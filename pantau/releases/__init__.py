"""Data releases: versioned, immutable, protected figures for every audience.

Analysts see exact figures within their scope; everything shown beyond them (meeting mode,
the ``rapat`` role, the PDF briefing, publication exports) comes from a release.  A
release is computed from current facts (:mod:`pantau.releases.tables`, the fixed table set
of docs/releases.md), protected once over all its tables together
(:func:`pantau.privacy.protect_jointly`, then :mod:`pantau.releases.protect`, which repairs
until the attacker of :mod:`pantau.releases.audit` narrows nothing, then shows again every
complement the others make unneeded; complements cost most at national totals, which are
hidden only when nothing else protects, :func:`~pantau.releases.protect.complement_cost`)
and stored
(:mod:`pantau.releases.models`, migration 0006).  A hidden cell stores no value, only why:
``"small"`` (shown ``"<5"``) or ``"complement"`` (shown ``"•"``).

API for the dashboard (one call each; all take the engine):

* :func:`~pantau.releases.store.latest_release`, :func:`~pantau.releases.store.get_release`,
  :func:`~pantau.releases.store.list_releases` — :class:`~pantau.releases.store.ReleaseInfo`
  (number, ``created_at`` and ``data_as_of`` in WIB, months, threshold, reports,
  synthetic, per-table summary); ``info.latest("month"|"quarter"|"year")`` is the latest
  complete period of the release.
* :func:`~pantau.releases.store.slide` ``(engine, number, level, kind, period=None,
  province=None)`` — everything one meeting slide shows: ``regions[metric][code]``,
  ``national[metric]`` and ``before`` (previous period) as
  :class:`~pantau.releases.store.Figure` (``value`` or ``hidden``; ``figure.mark(threshold)``
  is ``"<5"``, ``"•"`` or None), and ``slide.change(metric, code)`` (None when a component
  is hidden).  Levels and periods: national × month, quarter, year; province × quarter,
  year; regency × year.
* :func:`~pantau.releases.store.figures` ``(engine, number, table, period=, metric=,
  regions=, breakdown=)`` — any table of :data:`~pantau.releases.tables.TABLES`.
* :func:`~pantau.releases.derived.funnel`, :func:`~pantau.releases.derived.ratio`,
  :func:`~pantau.releases.derived.change` — derived figures from protected ones only.
* :func:`pantau.privacy.release_legend` ``(threshold, lang)`` — the legend of both marks;
  text ``release.source`` names the release and its data-as-of time.
* :func:`~pantau.releases.publish.export_release` ``(engine, number, out_dir)`` — CSV,
  XLSX and ``datapackage.json``; returns the paths (the dashboard can zip and serve them).
* :func:`~pantau.releases.changes.release_changes` ``(engine, before, after)`` — the
  "changes since release N" list: new and corrected reports, regions that started or
  stopped reporting, the figures that moved most.
* :func:`~pantau.releases.job.release_after_ingest` — the scheduler's call after a pass
  that accepted reports.
"""
