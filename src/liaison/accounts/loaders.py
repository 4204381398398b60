"""Demo accounts, one per role: created only in demo mode and printed by `make run`."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from liaison.accounts.access import access_forget
from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Country, Organization
from liaison.core.loading import LoadReport

DEMO_PASSWORD = "liaison-demo"

# username, full name, role kind, convention acronym, country iso3, organization name
DEMO_ACCOUNTS = [
    ("admin", "Ada Admin", Role.ADMIN, None, None, None),
    ("cms-secretariat", "Sara Secretariat (CMS)", Role.SECRETARIAT, "CMS", None, None),
    ("cbd-secretariat", "Carl Secretariat (CBD)", Role.SECRETARIAT, "CBD", None, None),
    ("kenya-focal-point", "Kamau Focal Point (Kenya)", Role.FOCAL_POINT, "CBD", "KEN", None),
    ("kenya-contributor", "Wanjiru Contributor (Kenya)", Role.CONTRIBUTOR, "CBD", "KEN", None),
    ("partner-wild-migration", "Pat Partner (Wild Migration)", Role.PARTNER, None, None, "Wild Migration"),
    ("cms-reviewer", "Rita Reviewer (CMS)", Role.REVIEWER, "CMS", None, None),
]
EXTRA_ROLES = [
    ("kenya-focal-point", Role.FOCAL_POINT, "CMS", "KEN", None),
    ("kenya-focal-point", Role.FOCAL_POINT, "Cartagena", "KEN", None),
    # Kenya is a party to the Nagoya Protocol (data/party_memberships_manyenviron): its focal point for the CBD
    # is the one for the protocol too, so the workspace offers the Nagoya report
    ("kenya-focal-point", Role.FOCAL_POINT, "Nagoya", "KEN", None),
]


def demo_accounts_load(*, data_dir: Path, report: LoadReport) -> None:
    """Create the demo accounts (demo mode only) and list them in the report."""
    if not settings.DEMO_MODE:
        return
    User = get_user_model()
    for username, full_name, kind, acronym, iso3, org_name in DEMO_ACCOUNTS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = kind == Role.ADMIN
            user.is_superuser = kind == Role.ADMIN
            user.save()
        role_ensure(user, kind, acronym, iso3, org_name)
        report.accounts.append((username, DEMO_PASSWORD, dict(Role.KINDS)[kind]))
    for username, kind, acronym, iso3, org_name in EXTRA_ROLES:
        role_ensure(User.objects.get(username=username), kind, acronym, iso3, org_name)


def role_ensure(user, kind: str, acronym: str | None, iso3: str | None, org_name: str | None) -> Role:
    """Create the role if it does not exist yet and return it."""
    organization = None
    if org_name:
        organization, _ = Organization.objects.get_or_create(
            name=org_name,
            defaults={"kind": "ngo", "former_names": ["Migratory Wildlife Network"]},
        )
    role, _ = Role.objects.get_or_create(
        user=user,
        kind=kind,
        convention=Convention.objects.get(acronym=acronym) if acronym else None,
        country=Country.objects.get(iso3=iso3) if iso3 else None,
        organization=organization,
    )
    access_forget(user)
    return role
