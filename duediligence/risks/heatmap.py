"""A 5x5 heat map (severity by likelihood) drawn as SVG on the server, for the page and the PDF alike.

The SVG carries a title and description and every cell a <title>, but the data table rendered beside it
(templates/risks/includes/heatmap.html) is what screen readers use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from duediligence.risks import scoring

CELL = 64
LEFT = 112
TOP = 16
# Room under the grid for the likelihood numbers, the axis title and the band legend.
BOTTOM = 92
FONT = "DejaVu Sans, Arial, sans-serif"
# Fill and text colour per salience band; each pair has at least 4.5:1 contrast.
COLOURS = {
    "critical": ("#58151c", "#ffffff"),
    "high": ("#b02a37", "#ffffff"),
    "medium": ("#ffda6a", "#212529"),
    "low": ("#d1e7dd", "#0f5132"),
}
SEVERITY_WORDS = {1: "minimal", 2: "limited", 3: "serious", 4: "severe", 5: "grave"}
LIKELIHOOD_WORDS = {1: "remote", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}


@dataclass
class Cell:
    severity: int
    likelihood: int
    labels: list[str] = field(default_factory=list)
    # Set instead of labels on maps of many risks (an organisation's combined map), where names would not fit.
    count: int | None = None

    @property
    def size(self) -> int:
        return len(self.labels) if self.count is None else self.count

    @property
    def listing(self) -> str:
        """What the cell holds, in words: its risks' labels, or how many there are."""
        if self.count is not None:
            return f"{self.count} risk{'s' if self.count != 1 else ''}" if self.count else ""
        return ", ".join(self.labels)

    @property
    def band(self) -> str:
        # The same function as every risk's band: a risk's words and its cell's colour never disagree.
        return scoring.band(self.severity, self.likelihood)


@dataclass
class HeatMap:
    title: str
    cells: dict[tuple[int, int], Cell]
    unplaced: list[str]

    def rows(self) -> list[list[Cell]]:
        """Rows from severity 5 down to 1, as drawn."""
        return [[self.cells[(severity, likelihood)] for likelihood in range(1, 6)] for severity in range(5, 0, -1)]

    @property
    def text_alternative(self) -> str:
        """The map in words, for whoever cannot see it (the PDF's figure alternative, a screen reader's name of
        the picture): each risk with its cell and band, then what is not placed."""
        placed = []
        for row in self.rows():
            for cell in row:
                where = f"severity {cell.severity}, likelihood {cell.likelihood} ({cell.band})"
                if cell.count is not None:
                    if cell.count:
                        placed.append(f"{cell.listing} at {where}")
                else:
                    placed += [f"{label} at {where}" for label in cell.labels]
        text = f"{self.title}: " + ("; ".join(placed) if placed else "no risk placed")
        if self.unplaced:
            text += "; not yet scored: " + ", ".join(self.unplaced)
        return text + "."

    def svg(self) -> SafeString:
        width = LEFT + 5 * CELL + 8
        height = TOP + 5 * CELL + BOTTOM
        slug = self.title.lower().replace(" ", "-")
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{slug}-title {slug}-desc" class="heatmap">',
            f'<title id="{slug}-title">{escape(self.text_alternative)}</title>',
            f'<desc id="{slug}-desc">Risks placed by severity (rows, 5 at the top) and likelihood (columns, 5 at '
            "the right), coloured by salience band (low, medium, high, critical, as the legend shows). The table "
            "beside the map lists the same data.</desc>",
        ]
        for row_index, row in enumerate(self.rows()):
            for cell in row:
                x = LEFT + (cell.likelihood - 1) * CELL
                y = TOP + row_index * CELL
                fill, ink = COLOURS[cell.band]
                names = cell.listing or "no risks"
                parts.append(
                    f"<g><title>Severity {cell.severity}, likelihood {cell.likelihood}: {escape(names)}</title>"
                    f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#ffffff" '
                    'stroke-width="2"/>'
                )
                if cell.size:
                    if cell.labels and cell.size <= 2:
                        text = " ".join(cell.labels)
                    else:
                        text = f"{cell.size} risk{'s' if cell.size != 1 else ''}"
                    parts.append(
                        f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" text-anchor="middle" font-size="13" '
                        f'font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" fill="{ink}">'
                        f"{escape(text)}</text>"
                    )
                parts.append("</g>")
        for severity in range(1, 6):
            label_y = TOP + (5 - severity) * CELL + CELL / 2 + 4
            parts.append(
                f'<text x="{LEFT - 8}" y="{label_y}" text-anchor="end" font-size="12" fill="#212529" '
                f'font-family="DejaVu Sans, Arial, sans-serif">{severity} {SEVERITY_WORDS[severity]}</text>'
            )
        for likelihood in range(1, 6):
            label_x = LEFT + (likelihood - 1) * CELL + CELL / 2
            parts.append(
                f'<text x="{label_x}" y="{TOP + 5 * CELL + 18}" text-anchor="middle" font-size="12" fill="#212529" '
                f'font-family="DejaVu Sans, Arial, sans-serif">{likelihood}</text>'
            )
        parts.append(
            f'<text x="{LEFT + 2.5 * CELL}" y="{TOP + 5 * CELL + 40}" text-anchor="middle" font-size="13" '
            f'fill="#212529" font-family="{FONT}">Likelihood →</text>'
        )
        # The other axis's title, turned to run up beside the severity words.
        middle = TOP + 2.5 * CELL
        parts.append(
            f'<text x="14" y="{middle}" text-anchor="middle" font-size="13" fill="#212529" font-family="{FONT}" '
            f'transform="rotate(-90 14 {middle})">Severity →</text>'
        )
        # A legend of the salience bands the colours stand for.
        legend_y = TOP + 5 * CELL + 58
        x = LEFT
        for band in ("low", "medium", "high", "critical"):
            fill, _ink = COLOURS[band]
            parts.append(
                f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{fill}" stroke="#6c757d" '
                f'stroke-width="1"/><text x="{x + 19}" y="{legend_y + 12}" font-size="12" fill="#212529" '
                f'font-family="{FONT}">{band}</text>'
            )
            x += 19 + 8 * len(band) + 16
        parts.append("</svg>")
        # Safe: every interpolated text above went through escape().
        return mark_safe("".join(parts))


def build(risks: list, *, residual: bool, labels: dict[int, str]) -> HeatMap:
    """Place each risk by its gross (or residual) severity band and likelihood."""
    cells = {(s, lik): Cell(s, lik) for s in range(1, 6) for lik in range(1, 6)}
    unplaced = []
    for risk in risks:
        label = labels[risk.pk]
        if residual:
            if not risk.has_residual:
                unplaced.append(label)
                continue
            key = (risk.residual_severity, risk.residual_likelihood)
        else:
            key = (risk.severity, risk.likelihood)
        cells[key].labels.append(label)
    title = "Residual risk heat map" if residual else "Gross risk heat map"
    return HeatMap(title=title, cells=cells, unplaced=unplaced)


def build_counts(counts: dict[tuple[int, int], int], *, title: str) -> HeatMap:
    """A map of how many risks fall in each cell, keyed by (severity band, likelihood)."""
    cells = {(s, lik): Cell(s, lik, count=counts.get((s, lik), 0)) for s in range(1, 6) for lik in range(1, 6)}
    return HeatMap(title=title, cells=cells, unplaced=[])
