"""Strategic frameworks (SDG, Aichi, GBF, CMS SPMS, CITES, Ramsar, regional and national plans) as plain records.

No Django here: readers of the shipped data, the links that data states, and a documented
CSV/JSON/YAML exchange format (docs/framework-format.md) to import any framework.
"""

from liaison.engine.frameworks.bundled import frameworks_bundled, links_bundled, meas_bundled
from liaison.engine.frameworks.exchange import (
    FrameworkImportError,
    ImportProblem,
    framework_import,
)
from liaison.engine.frameworks.export import framework_export
from liaison.engine.frameworks.ipbes import SOURCES as LINK_SOURCES
from liaison.engine.frameworks.records import (
    Framework,
    Goal,
    Indicator,
    Target,
    target_text,
    texts_pick,
)

__all__ = [
    "Framework",
    "FrameworkImportError",
    "Goal",
    "ImportProblem",
    "LINK_SOURCES",
    "Indicator",
    "Target",
    "framework_export",
    "framework_import",
    "frameworks_bundled",
    "links_bundled",
    "meas_bundled",
    "target_text",
    "texts_pick",
]
