"""A jobseeker whose every personal field carries a unique marker, for erasure and log tests."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.factories import make_jobseeker, make_user, make_vacancy
from webapp.models import Application, ApplicationStatus, Jobseeker, JobseekerLanguage, Role, User
from webapp.services.crypto import encrypt_national_id


@dataclass
class Marked:
    jobseeker: Jobseeker
    user: User
    markers: list[str]
    national_id: str
    phone: str


def markers_token() -> str:
    return "MRK" + secrets.token_hex(5).upper()


def make_marked_jobseeker(session: Session, config: dict[str, object], *, applications: int = 1) -> Marked:
    tag = markers_token()
    national_id = "0" + str(secrets.randbelow(10**11)).rjust(11, "7")
    phone = "09" + str(secrets.randbelow(10**8)).rjust(8, "3")
    user = make_user(
        session, Role.JOBSEEKER, email=f"{tag.lower()}@example.vn", display_name=f"{tag} Display"
    )
    ciphertext, digest = encrypt_national_id(national_id, config)
    js = make_jobseeker(
        session,
        user_id=user.id,
        full_name=f"Nguyễn {tag} Name",
        phone=phone,
        email=f"{tag.lower()}.contact@example.vn",
        address=f"{tag} Street 12",
        commune=f"{tag} Commune",
        summary=f"Thợ hàn {tag} Summary",
        desired_title=f"Thợ hàn {tag}",
        vocational_training=f"{tag} Training",
        external_id=f"{tag}-EXT",
        national_id_enc=ciphertext,
        national_id_hash=digest,
        birth_date=dt.date(1996, 3, 14),
    )
    js.languages.append(
        JobseekerLanguage(code="ko", test="EPS-TOPIK", level="150", certificate=f"{tag} Cert")
    )
    for _ in range(applications):
        vac = make_vacancy(session)
        session.add(
            Application(
                jobseeker_id=js.id,
                vacancy_id=vac.id,
                status=ApplicationStatus.APPLIED,
                cover_note=f"{tag} Cover note",
            )
        )
    session.flush()
    markers = [tag, tag.lower(), national_id, phone, digest]
    return Marked(jobseeker=js, user=user, markers=markers, national_id=national_id, phone=phone)
