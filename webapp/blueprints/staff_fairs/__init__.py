"""Staff pages for running job fairs, as one blueprint (``staff_fairs``) in three modules.

``setup``: the fair, booths, vacancies and schedule; ``venue``: check-in, walk-ins,
slips, booth lists and outcomes on the day; ``reports``: figures per fair or period.
Importing the modules registers their routes on ``bp``, so endpoint names stay
``staff_fairs.<view>``.
"""

from __future__ import annotations

from . import reports, setup, venue
from ._common import bp

__all__ = ["bp", "reports", "setup", "venue"]
