"""Targets that activities and contributions serve, named by framework and code ('SPMS 9', 'GBF 3').

A target is looked up in liaison.frameworks (Target); a framework the database does not hold yet is
checked against the frameworks the engine reads from data/, and the link keeps its codes until the
framework is loaded.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from liaison.engine.frameworks import frameworks_bundled, target_text
from liaison.frameworks.models import Target

# Short names people write -> framework codes of liaison.frameworks.
ALIASES = {"SPMS": "CMS-SPMS-2015-2023", "CMS-SPMS": "CMS-SPMS-2015-2023", "AICHI": "AICHI", "GBF": "GBF",
           "SDG": "SDG", "SDGS": "SDG"}
SHORT = {"CMS-SPMS-2015-2023": "SPMS"}


@lru_cache(maxsize=1)
def targets_bundled() -> dict[str, dict[str, str]]:
    """Return {framework code: {target code: English text}} of every framework shipped in data/."""
    return {f.code: {t.code: target_text(t, "en") for t in f.targets()} for f in frameworks_bundled(data_dir=settings.DATA_DIR)}


def target_split(value: str) -> tuple[str, str]:
    """Return (framework code, target code) as written in 'SPMS 9', 'SPMS:9', 'GBF-3', 'SPMS T09'."""
    raw = (value or "").strip()
    for sep in (":", " "):
        if sep in raw:
            framework, _, code = raw.partition(sep)
            break
    else:
        framework, _, code = raw.rpartition("-")
    framework = ALIASES.get(framework.strip().upper(), framework.strip())
    code = code.strip().removeprefix("Target").removeprefix("T").strip()
    return framework, (code.lstrip("0") or code)


def target_parse(value: str) -> tuple[str, str, Target | None]:
    """Return (framework code, target code, Target or None) for a written target; raise ValidationError."""
    framework, code = target_split(value)
    stored = Target.objects.filter(framework__code=framework)
    if stored.exists():
        target = stored.filter(code=code).first()
        if target is None:
            raise ValidationError(_("Target %(value)s does not exist: %(framework)s has no target %(code)s.") % {
                "value": repr(value), "framework": SHORT.get(framework, framework), "code": repr(code)})
        return framework, code, target
    known = targets_bundled()
    if framework not in known:
        raise ValidationError(_("Unknown framework in target %(value)s; use one of %(frameworks)s.") % {
            "value": repr(value), "frameworks": ", ".join(sorted(set(ALIASES) | set(known)))})
    if code not in known[framework]:
        raise ValidationError(_("Target %(value)s does not exist: %(framework)s has no target %(code)s.") % {
            "value": repr(value), "framework": SHORT.get(framework, framework), "code": repr(code)})
    return framework, code, None


def target_label(framework_code: str, target_code: str) -> str:
    """Return a short label such as 'SPMS Target 9'."""
    return f"{SHORT.get(framework_code, framework_code)} Target {target_code}"


def target_describe(framework_code: str, target_code: str) -> str:
    """Return the target's English text ('' when unknown)."""
    return targets_bundled().get(framework_code, {}).get(target_code, "")
