"""The results viewer: one self-contained HTML page (no network) that draws ARC grids.

Without data it is the solve page the service serves at `/`: paste a task, press Solve, see the
attempts, programs and trace. With data (`viewer_page(report)`) it is the report page that
`arcsynth eval` writes as report.html, the data embedded as JSON in the page itself.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

_CSS_MARK = "/* viewer.css */"
_JS_MARK = "// viewer.js"
_DATA_MARK = "<!-- report-data -->"


def _read(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


@cache
def _template() -> str:
    """index.html with viewer.css and viewer.js inlined, so the page is one file."""
    page = _read("index.html")
    page = page.replace(_CSS_MARK, _read("viewer.css"), 1)
    return page.replace(_JS_MARK, _read("viewer.js"), 1)


def embed_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `</`, `<!--` or `]]>` can end or bend it."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def viewer_page(report: dict[str, Any] | None = None) -> str:
    """The solve page, or with `report` the report page with the data embedded."""
    if report is None:
        return _template().replace(_DATA_MARK, "", 1)
    data = f'<script type="application/json" id="report-data">{embed_json(report)}</script>'
    return _template().replace(_DATA_MARK, data, 1)
