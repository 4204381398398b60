"""Who may see and change frameworks, targets, indicators, links and synergy scores: one filter per type.

Reading: bundled and published frameworks are public. An unpublished framework (a national plan being
drafted) is read only by those who may edit it: administrators and the system actor, secretariat staff,
and the focal points of the plan's country. Its targets and indicators follow it; a link is visible when
both its ends are; a synergy score when both its targets are. Every selector starts from these filters.

Writing: an imported national framework (country set) is changed only by that country's focal points,
secretariat staff and administrators; bundled frameworks are replaced (say, SPMS summaries by the
official text) by secretariat staff and administrators. Links are reviewed by secretariat staff,
reviewers, administrators, and by the focal points of the country whose plan the link starts from
(journey 6: the planner reviews the plan's links) — always among the links they can see.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Country
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.frameworks.models import (
    Framework,
    HarmonisedIndicator,
    Indicator,
    IndicatorListing,
    Link,
    SynergyScore,
    Target,
)


def user_signed_in(user) -> bool:
    return access_for(user).authenticated


def _sees_everything(access) -> bool:
    """Administrators, the system actor and secretariat staff read every framework, published or not."""
    return access.everything or access.is_secretariat()


# --- reading: one filter per object type -------------------------------------------------------------------

def framework_visible_to(user) -> QuerySet[Framework]:
    """Return the frameworks `user` may read: bundled or published ones, and the unpublished ones they edit."""
    access = access_for(user)
    frameworks = Framework.objects.all()
    if _sees_everything(access):
        return frameworks
    readable = Q(is_bundled=True) | Q(is_published=True)
    if access.focal_point_countries:
        readable |= Q(country_id__in=access.focal_point_countries)
    return frameworks.filter(readable)


def target_visible_to(user) -> QuerySet[Target]:
    """Return the targets of the frameworks `user` may read (retired ones included: links still show them)."""
    if _sees_everything(access_for(user)):
        return Target.objects.all()
    return Target.objects.filter(framework__in=framework_visible_to(user))


def indicator_visible_to(user) -> QuerySet[Indicator]:
    """Return the indicators of the frameworks `user` may read."""
    if _sees_everything(access_for(user)):
        return Indicator.objects.all()
    return Indicator.objects.filter(framework__in=framework_visible_to(user))


def listing_visible_to(user) -> QuerySet[IndicatorListing]:
    """Return the MEA-list rows (harmonised names) of the indicators `user` may read."""
    if _sees_everything(access_for(user)):
        return IndicatorListing.objects.all()
    return IndicatorListing.objects.filter(indicator__in=indicator_visible_to(user))


def harmonised_visible_to(user) -> QuerySet[HarmonisedIndicator]:
    """Return the harmonised indicators that name at least one indicator `user` may read."""
    return HarmonisedIndicator.objects.filter(pk__in=listing_visible_to(user).values("harmonised_id"))


def _paragraph_ids_visible_to(user):
    """Return the ids of the decision paragraphs `user` may read (the decisions app decides which)."""
    from liaison.decisions.models import Paragraph
    from liaison.decisions.permissions import decision_visibility

    return Paragraph.objects.filter(decision_visibility(user, prefix="revision__decision__")).values("pk")


def _activity_ids_visible_to(user):
    """Return the ids of the work-plan activities `user` may read (the partnerships app decides which)."""
    from liaison.partnerships.registry.permissions import activities_visible_to

    return activities_visible_to(user).values("pk")


def _answer_ids_visible_to(user):
    """Return the ids of the report answers `user` may read (the reporting app decides which)."""
    from liaison.reporting.permissions import answer_visible_to

    return answer_visible_to(user).values("pk")


def link_visible_to(user) -> QuerySet[Link]:
    """Return the links whose both ends `user` may read.

    The target end follows its framework; the source end follows its own type's filter: a target or an
    indicator its framework, a decision paragraph its decision, an activity its work plan, an answer its
    report (those apps' `*_visible_to`), so a link never shows more than its ends do.
    """
    access = access_for(user)
    links = Link.objects.all()
    if access.everything:
        return links
    if access.is_secretariat():  # every framework, but other apps' sources by their own rules
        framework_sources = Q(source_type__in=[Link.TARGET, Link.INDICATOR])
        targets = None
    else:
        framework_sources = (Q(source_type=Link.TARGET, source_id__in=target_visible_to(user).values("pk"))
                             | Q(source_type=Link.INDICATOR, source_id__in=indicator_visible_to(user).values("pk")))
        targets = target_visible_to(user)
    source_readable = (
        framework_sources
        | Q(source_type=Link.PARAGRAPH, source_id__in=_paragraph_ids_visible_to(user))
        | Q(source_type=Link.ACTIVITY, source_id__in=_activity_ids_visible_to(user))
        | Q(source_type=Link.ANSWER, source_id__in=_answer_ids_visible_to(user))
    )
    links = links.filter(source_readable)
    return links if targets is None else links.filter(target__in=targets)


def link_reviewable_by(user) -> QuerySet[Link]:
    """Return the visible links `user` may accept or reject (the review queue starts from this)."""
    access = access_for(user)
    links = link_visible_to(user)
    if not access.authenticated:
        return links.none()
    if _sees_everything(access) or access.is_reviewer():
        return links
    if not access.focal_point_countries:
        return links.none()
    own_targets = Target.objects.filter(framework__country_id__in=access.focal_point_countries)
    return links.filter(source_type=Link.TARGET, source_id__in=own_targets.values("pk"))


def synergy_visible_to(user) -> QuerySet[SynergyScore]:
    """Return the synergy scores whose both targets `user` may read."""
    if _sees_everything(access_for(user)):
        return SynergyScore.objects.all()
    targets = target_visible_to(user)
    return SynergyScore.objects.filter(target_a__in=targets, target_b__in=targets)


def framework_get_for_view(*, user, code: str) -> Framework:
    """Return the framework called `code` if `user` may read it; NotFound otherwise (unpublished stays hidden)."""
    framework = framework_visible_to(user).select_related("country", "convention").filter(code=code).first()
    if framework is None:
        raise NotFound(_("No framework %(code)s.") % {"code": repr(code)})
    return framework


# --- writing: one check per action -------------------------------------------------------------------------

def framework_can_edit(*, user, framework: Framework) -> bool:
    """Return True if `user` may replace, re-import or run suggestions for `framework`."""
    access = access_for(user)
    if _sees_everything(access):
        return True
    if not access.authenticated:
        return False
    if framework.country_id is None:
        return False
    return access.is_focal_point(framework.country_id)


def framework_check_edit(*, user, framework: Framework) -> None:
    """Raise NotSignedIn or NotAllowed unless `user` may change `framework`."""
    if not user_signed_in(user):
        raise NotSignedIn(_("Sign in to change a framework."))
    if not framework_can_edit(user=user, framework=framework):
        raise NotAllowed(_("Only secretariat staff, administrators and the focal points of the plan's "
                           "country may change this framework."))


def framework_get_for_edit(*, user, code: str) -> Framework:
    """Return the framework if `user` may change it; NotFound if hidden, NotSignedIn or NotAllowed otherwise."""
    framework = framework_get_for_view(user=user, code=code)
    framework_check_edit(user=user, framework=framework)
    return framework


def framework_import_check(*, user, code: str, country: Country | None) -> None:
    """Raise unless `user` may import framework `code` for `country` (None: not a national plan)."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn(_("Sign in to import a framework."))
    existing = Framework.objects.filter(code=code).first()
    if existing is not None and not framework_can_edit(user=user, framework=existing):
        raise NotAllowed(_("Framework %(code)s exists and you may not replace it.") % {"code": repr(code)})
    if access.is_secretariat():
        return
    if country is None:
        raise NotAllowed(_("Focal points import their own country's plan: choose the country."))
    if access.is_focal_point(country.pk):
        return
    raise NotAllowed(_("Only secretariat staff, administrators and the country's focal points may import "
                       "this country's plan."))


def import_countries_for(*, user) -> QuerySet[Country]:
    """Return the countries `user` may import a national plan for (every country for staff and admins)."""
    access = access_for(user)
    if _sees_everything(access):
        return Country.objects.all()
    return Country.objects.filter(pk__in=access.focal_point_countries)


def user_may_import(*, user) -> bool:
    """Return True if `user` may import at least one framework (to show the upload button)."""
    access = access_for(user)
    return _sees_everything(access) or bool(access.focal_point_countries)


def link_can_review(*, user, link: Link) -> bool:
    """Return True if `user` may accept or reject `link` (a link they can see)."""
    access = access_for(user)
    if _sees_everything(access):
        return True
    if not access.authenticated:
        return False
    if access.is_reviewer():
        return True
    country_id = link_source_country_id(link=link)
    if country_id is None:
        return False
    return access.is_focal_point(country_id)


def link_source_country_id(*, link: Link) -> int | None:
    """Return the country of the national framework a target->target link starts from, if any."""
    if link.source_type != Link.TARGET:
        return None
    return Target.objects.filter(pk=link.source_id).values_list("framework__country_id", flat=True).first()


def link_check_review(*, user, link: Link) -> None:
    """Raise NotSignedIn or NotAllowed unless `user` may review `link`."""
    if not user_signed_in(user):
        raise NotSignedIn(_("Sign in to review links."))
    if not link_can_review(user=user, link=link):
        raise NotAllowed(_("Only secretariat staff, reviewers, administrators and the focal points of the "
                           "plan's country may review this link."))


def link_get_for_review(*, user, link_id: int) -> Link:
    """Return the link if `user` may review it; NotFound if they cannot see it, NotAllowed if not theirs."""
    if not user_signed_in(user):
        raise NotSignedIn(_("Sign in to review links."))
    link = link_visible_to(user).select_related("target__framework").filter(pk=link_id).first()
    if link is None:
        raise NotFound(_("No link with id %(id)s.") % {"id": link_id})
    link_check_review(user=user, link=link)
    return link


def link_check_create(*, user, source_type: str, source_id: int) -> None:
    """Raise unless `user` may state a link from this source (the same rule as reviewing it)."""
    if not user_signed_in(user):
        raise NotSignedIn(_("Sign in to link to a target."))
    if not link_can_review(user=user, link=Link(source_type=source_type, source_id=source_id)):
        raise NotAllowed(_("Only secretariat staff, reviewers, administrators and the focal points of the "
                           "plan's country may state links."))


def link_source_visible(*, user, source_type: str, source_id: int) -> bool:
    """Return True if the source of a would-be link exists and `user` may read it."""
    readers = {Link.TARGET: lambda: target_visible_to(user).values("pk"),
               Link.INDICATOR: lambda: indicator_visible_to(user).values("pk"),
               Link.PARAGRAPH: lambda: _paragraph_ids_visible_to(user),
               Link.ACTIVITY: lambda: _activity_ids_visible_to(user),
               Link.ANSWER: lambda: _answer_ids_visible_to(user)}
    if source_type not in readers:
        return False
    return readers[source_type]().filter(pk=source_id).exists()


def user_may_review(*, user) -> bool:
    """Return True if `user` may review some links (to show the review queue)."""
    access = access_for(user)
    if _sees_everything(access) or access.is_reviewer():
        return True
    return bool(access.focal_point_countries)


def synergy_check_score(*, user, target_a: Target, target_b: Target) -> None:
    """Raise unless `user` may score the pair: anyone signed in, on two targets they can read.

    Scoring stays open to every signed-in person (the SEI method asks many experts), but a score names
    both targets, so a hidden plan's target is refused as if it did not exist.
    """
    if not user_signed_in(user):
        raise NotSignedIn(_("Sign in to score synergies."))
    visible = set(target_visible_to(user).filter(pk__in=[target_a.pk, target_b.pk]).values_list("pk", flat=True))
    if target_a.pk not in visible or target_b.pk not in visible:
        raise NotFound(_("No such target."))


def job_check_view(*, user, job) -> None:
    """Raise NotFound unless `user` started the job or may edit its framework."""
    access = access_for(user)
    if access.authenticated and job.created_by_id is not None and job.created_by_id == access.user_id:
        return
    if framework_can_edit(user=user, framework=job.framework):
        return
    raise NotFound(_("No job with id %(id)s.") % {"id": job.pk})
