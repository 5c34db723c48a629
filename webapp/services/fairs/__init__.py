"""Job fairs (phiên giao dịch việc làm): sessions, registration, schedules, outcomes and the report.

Modules: ``sessions`` (fairs, booths, vacancies), ``registration`` (codes, QR,
walk-ins, check-in), ``schedule`` (the solver, no database), ``planning``
(stored schedules), ``outcomes`` (results, placements, follow-ups),
``report`` (figures and Excel), ``scoring`` (stand-in pair scores).
"""
