"""Saved searches and their alerts: in the app, and by e-mail through the configured SMTP server.

A saved search matches a vacancy when every word of its query appears in the
vacancy's text (accents and đ folded, so "tho han" finds "Thợ hàn") and its
filters agree. Alerts fire when a matching vacancy becomes public: publishing
calls ``notify_for_vacancy`` at once, and ``send_due_alerts`` also sweeps
vacancies published since each search was last checked (imports, verification
of an employer whose vacancies were waiting), then e-mails what is new.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from search.text import tokens

from ..models import Employer, Jobseeker, Vacancy, VacancyKind, utcnow
from ..models.web import AlertNotification, SavedSearch
from .errors import NotFound, PermissionDenied, ValidationError
from .privacy.rules import MIN_AGE_OVERSEAS
from .visibility import is_public, public_clause

__all__ = [
    "create_saved_search",
    "delete_saved_search",
    "notifications_for",
    "notify_for_vacancy",
    "send_due_alerts",
    "vacancy_matches",
]

log = logging.getLogger(__name__)
FILTER_KEYS = ("district", "kind", "country")
MAX_SEARCHES_PER_USER = 20


def _vacancy_words(vacancy: Vacancy) -> set[str]:
    parts = [vacancy.title, vacancy.description, vacancy.employer.name if vacancy.employer else ""]
    if vacancy.occupation is not None:
        parts += [vacancy.occupation.name_vi, vacancy.occupation.name_en, vacancy.occupation.aliases]
    if vacancy.country is not None:
        parts += [vacancy.country.name_vi, vacancy.country.name_en]
    if vacancy.programme is not None:
        parts += [vacancy.programme.name_vi, vacancy.programme.name_en, vacancy.programme.code]
    if vacancy.district is not None:
        parts.append(vacancy.district.name)
    return set(tokens(" ".join(p or "" for p in parts)))


def vacancy_matches(search: SavedSearch, vacancy: Vacancy, words: set[str] | None = None) -> bool:
    f = search.filters or {}
    if f.get("kind") and f["kind"] != vacancy.kind.value:
        return False
    if f.get("country") and f["country"] != (vacancy.country_code or ""):
        return False
    if f.get("district") and (vacancy.district is None or vacancy.district.code != f["district"]):
        return False
    wanted = tokens(search.query)
    if not wanted:
        return True
    words = words if words is not None else _vacancy_words(vacancy)
    return all(w in words for w in wanted)


def _eligible(session: Session, search: SavedSearch, vacancy: Vacancy, day: dt.date) -> bool:
    """Under-18s are never offered overseas orders, not even by an alert."""
    if not vacancy.is_overseas:
        return True
    profile = session.scalar(select(Jobseeker).where(Jobseeker.user_id == search.user_id))
    return profile is None or profile.age_on(day) >= MIN_AGE_OVERSEAS


def create_saved_search(
    session: Session,
    actor: Any,
    *,
    name: str = "",
    query: str = "",
    filters: Mapping[str, str | None] | None = None,
    email_alerts: bool = True,
) -> SavedSearch:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to save a search."))
    query = (query or "").strip()
    clean = {k: str(v).strip() for k, v in (filters or {}).items() if k in FILTER_KEYS and v}
    errors: dict[str, str] = {}
    if len(query) > 200:
        errors["q"] = _("The search words are too long (at most 200 characters).")
    if not query and not clean:
        errors["q"] = _("Enter search words or choose a filter before saving a search.")
    if clean.get("kind") and clean["kind"] not in {k.value for k in VacancyKind}:
        errors["kind"] = _("Choose domestic or overseas.")
    if clean.get("country") and (len(clean["country"]) != 2 or not clean["country"].isalpha()):
        errors["country"] = _("Choose a country from the list.")
    name = (name or "").strip() or query or ", ".join(clean.values())
    if len(name) > 120:
        errors["name"] = _("The name is too long (at most 120 characters).")
    count = len(list(session.scalars(select(SavedSearch.id).where(SavedSearch.user_id == actor.id))))
    if count >= MAX_SEARCHES_PER_USER:
        errors["name"] = _("You can keep at most %(n)d saved searches.", n=MAX_SEARCHES_PER_USER)
    if errors:
        raise ValidationError(_("The search could not be saved."), errors)
    if clean.get("country"):
        clean["country"] = clean["country"].upper()
    search = SavedSearch(
        user_id=actor.id, name=name, query=query, filters=clean, email_alerts=bool(email_alerts)
    )
    session.add(search)
    session.flush()
    return search


def _own_search(session: Session, actor: Any, search_id: int) -> SavedSearch:
    search = session.get(SavedSearch, search_id)
    if search is None:
        raise NotFound(_("There is no saved search with this number."))
    if not (getattr(actor, "is_authenticated", False) and search.user_id == actor.id):
        raise PermissionDenied(_("This saved search belongs to someone else."))
    return search


def delete_saved_search(session: Session, actor: Any, search_id: int) -> None:
    session.delete(_own_search(session, actor, search_id))
    session.flush()


def searches_of(session: Session, actor: Any) -> list[SavedSearch]:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to see your saved searches."))
    return list(
        session.scalars(
            select(SavedSearch).where(SavedSearch.user_id == actor.id).order_by(SavedSearch.id.desc())
        )
    )


def notifications_for(session: Session, actor: Any, limit: int = 50) -> list[AlertNotification]:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to see your alerts."))
    return list(
        session.scalars(
            select(AlertNotification)
            .join(SavedSearch)
            .where(SavedSearch.user_id == actor.id)
            .order_by(AlertNotification.id.desc())
            .limit(limit)
        )
    )


def mark_read(session: Session, actor: Any) -> None:
    now = utcnow()
    for n in notifications_for(session, actor, limit=500):
        if n.read_at is None:
            n.read_at = now
    session.flush()


def _existing_pairs(session: Session, vacancy_ids: list[int]) -> set[tuple[int, int]]:
    if not vacancy_ids:
        return set()
    rows = session.execute(
        select(AlertNotification.saved_search_id, AlertNotification.vacancy_id).where(
            AlertNotification.vacancy_id.in_(vacancy_ids)
        )
    )
    return {(a, b) for a, b in rows}


def notify_for_vacancy(session: Session, vacancy: Vacancy, day: dt.date | None = None) -> int:
    """In-app alerts for every saved search that matches a vacancy that has just become public."""
    day = day or dt.date.today()
    if not is_public(vacancy, day):
        return 0
    words = _vacancy_words(vacancy)
    existing = _existing_pairs(session, [vacancy.id])
    created = 0
    for search in session.scalars(select(SavedSearch)):
        if (search.id, vacancy.id) in existing:
            continue
        if vacancy_matches(search, vacancy, words) and _eligible(session, search, vacancy, day):
            session.add(AlertNotification(saved_search_id=search.id, vacancy_id=vacancy.id))
            created += 1
    session.flush()
    return created


def sweep(session: Session, now: dt.datetime) -> int:
    """Alerts for public vacancies posted since each search was last checked."""
    day = now.date()
    created = 0
    searches = list(session.scalars(select(SavedSearch)))
    if not searches:
        return 0
    since = min(s.checked_at for s in searches)
    recent = list(
        session.scalars(
            select(Vacancy)
            .join(Employer, Vacancy.employer_id == Employer.id)
            .where(public_clause(day), Vacancy.posted_at > since - dt.timedelta(days=1))
        )
    )
    existing = _existing_pairs(session, [v.id for v in recent])
    words = {v.id: _vacancy_words(v) for v in recent}
    for search in searches:
        for v in recent:
            if v.posted_at <= search.created_at or (search.id, v.id) in existing:
                continue
            if vacancy_matches(search, v, words[v.id]) and _eligible(session, search, v, day):
                session.add(AlertNotification(saved_search_id=search.id, vacancy_id=v.id))
                existing.add((search.id, v.id))
                created += 1
        search.checked_at = now
    session.flush()
    return created


def _message(
    sender: str, to: str, base_url: str, items: list[AlertNotification], locale_vi: bool
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = _("New vacancies for your saved search")
    lines = [_("New vacancies match your saved searches:"), ""]
    for n in items:
        v = n.vacancy
        lines.append(f"- {v.title} ({v.employer.name}) [{n.saved_search.name}]")
        lines.append(f"  {base_url.rstrip('/')}/vacancies/{v.id}")
    lines += ["", _("You can stop these e-mails on your saved searches page.")]
    msg.set_content("\n".join(lines))
    return msg


def send_due_alerts(session: Session, now: dt.datetime, config: Mapping[str, Any] | None = None) -> int:
    """Sweep for new matches, then send one e-mail per person with everything not yet e-mailed.

    Returns the number of e-mails sent. Nothing is marked as e-mailed unless the
    SMTP server accepted the message, so a failed run is retried next time.
    """
    if config is None:
        from flask import current_app

        config = current_app.config
    sweep(session, now)
    pending = list(
        session.scalars(
            select(AlertNotification)
            .join(SavedSearch)
            .where(AlertNotification.emailed_at.is_(None), SavedSearch.email_alerts.is_(True))
            .order_by(AlertNotification.id)
        )
    )
    by_user: dict[int, list[AlertNotification]] = defaultdict(list)
    for n in pending:
        if is_public(n.vacancy, now.date()):
            by_user[n.saved_search.user_id].append(n)
    if not by_user or not config.get("MAIL_ENABLED"):
        return 0
    sent = 0
    base_url = str(config.get("BASE_URL") or "http://localhost:5000")
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=30) as smtp:
        for items in by_user.values():
            user = items[0].saved_search.user
            if not user.active or not user.email:
                continue
            msg = _message(config["MAIL_SENDER"], user.email, base_url, items, user.locale == "vi")
            smtp.send_message(msg)
            for n in items:
                n.emailed_at = now
            sent += 1
    session.flush()
    log.info("alert e-mails sent: %d", sent)
    return sent
