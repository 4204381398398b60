"""Who a user is in the conventions' world, loaded once per request into one object.

Every permission check and every `<entity>_visible_to(user)` filter asks this object; it is built from the
user's roles with one query and kept on the user instance, so checks are plain conditions and cost nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from liaison.accounts.models import Role
from liaison.core.actors import actor_is_system

_CACHE_ATTR = "_liaison_access"


@dataclass(frozen=True)
class Access:
    """The roles of one user as sets of ids; each role kind keeps the scope it was given for."""

    user_id: int | None = None
    authenticated: bool = False
    system: bool = False
    admin: bool = False
    # convention ids whose secretariat the user works for (None: a secretariat role given for no convention)
    secretariat: frozenset[int | None] = field(default_factory=frozenset)
    # (country id, convention id or None) pairs the user is national focal point for
    focal_points: frozenset[tuple[int, int | None]] = field(default_factory=frozenset)
    # (country id, convention id or None) pairs the user contributes to
    contributions: frozenset[tuple[int, int | None]] = field(default_factory=frozenset)
    # organization ids the user is a member of
    organizations: frozenset[int] = field(default_factory=frozenset)
    # convention ids (None: every convention) the user reviews for
    reviews: frozenset[int | None] = field(default_factory=frozenset)

    @property
    def everything(self) -> bool:
        """True for administrators and the system actor: they see and change every object."""
        return self.admin or self.system

    @property
    def focal_point_countries(self) -> frozenset[int]:
        return frozenset(country for country, _ in self.focal_points)

    @property
    def contributor_countries(self) -> frozenset[int]:
        return frozenset(country for country, _ in self.contributions)

    @property
    def countries(self) -> frozenset[int]:
        """Countries the user acts for, as focal point or contributor."""
        return self.focal_point_countries | self.contributor_countries

    def is_secretariat(self, convention_id: int | None = None) -> bool:
        if convention_id is None:
            return bool(self.secretariat)
        return convention_id in self.secretariat

    def is_focal_point(self, country_id: int, convention_id: int | None = None) -> bool:
        if convention_id is None:
            return country_id in self.focal_point_countries
        return (country_id, convention_id) in self.focal_points or (country_id, None) in self.focal_points

    def is_reviewer(self, convention_id: int | None = None) -> bool:
        if convention_id is None:
            return bool(self.reviews)
        return convention_id in self.reviews or None in self.reviews

    def is_member_of(self, organization_id: int | None) -> bool:
        return organization_id is not None and organization_id in self.organizations


ANONYMOUS = Access()


def access_for(user) -> Access:
    """Return the roles of `user`, loading them with one query the first time they are asked for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if actor_is_system(user):
        return Access(authenticated=True, system=True)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = access_load(user)
    try:
        setattr(user, _CACHE_ATTR, access)
    except AttributeError:  # an object that takes no attributes: load again next time
        pass
    return access


def access_load(user) -> Access:
    """Build the Access of `user` from the database (one query)."""
    rows = Role.objects.filter(user_id=user.pk).values_list("kind", "convention_id", "country_id", "organization_id")
    return access_build(user, rows)


def access_build(user, rows) -> Access:
    """Build the Access of `user` from its roles' (kind, convention id, country id, organization id) rows."""
    admin = bool(user.is_superuser)
    secretariat, focal, contrib, orgs, reviews = set(), set(), set(), set(), set()
    for kind, convention_id, country_id, organization_id in rows:
        if kind == Role.ADMIN:
            admin = True
        elif kind == Role.SECRETARIAT:
            secretariat.add(convention_id)
        elif kind == Role.FOCAL_POINT and country_id is not None:
            focal.add((country_id, convention_id))
        elif kind == Role.CONTRIBUTOR and country_id is not None:
            contrib.add((country_id, convention_id))
        elif kind == Role.PARTNER and organization_id is not None:
            orgs.add(organization_id)
        elif kind == Role.REVIEWER:
            reviews.add(convention_id)
    return Access(user_id=user.pk, authenticated=True, admin=admin, secretariat=frozenset(secretariat),
                  focal_points=frozenset(focal), contributions=frozenset(contrib), organizations=frozenset(orgs),
                  reviews=frozenset(reviews))


def access_preload(users) -> None:
    """Load the roles of many users with one query and keep each one's Access where `access_for` finds it
    (a fan-out asking the visibility filters about many people then runs no query per person)."""
    rows: dict[int, list] = defaultdict(list)
    for row in Role.objects.filter(user_id__in=[u.pk for u in users]).values_list(
            "user_id", "kind", "convention_id", "country_id", "organization_id"):
        rows[row[0]].append(row[1:])
    for user in users:
        setattr(user, _CACHE_ATTR, access_build(user, rows[user.pk]))


def access_forget(user) -> None:
    """Drop the cached roles of `user` (after its roles changed in the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        try:
            delattr(user, _CACHE_ATTR)
        except AttributeError:
            pass
