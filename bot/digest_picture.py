"""The digest's small picture: the team's last weeks as a bar chart, a PNG drawn on the server
with matplotlib (Agg, no pyplot, nothing fetched), and the same numbers in words for whoever does
not see it (the image's alt text).

Slack shows it from an uploaded file, Teams from a data URL inside the card, and a Teams message
may weigh about 28 KB in all: the image is drawn small, in few colours, and stored as a palette
PNG, which keeps it to a few kilobytes. Colours and hatches are the admin page's (Okabe–Ito, told
apart with colour blindness, and in black and white by the hatch)."""

from __future__ import annotations

import io

from bot.i18n import t
from nudges.team_trend import Trend

COMPLETED = ("#009E73", "//")  # the admin page's "completed"
FAILURES = ("#D55E00", "..")  # the admin page's "failures"
SIZE = (4.8, 1.9)  # inches, at DPI: 480 × 190 pixels
DPI = 100
COLOURS = 32  # a palette this small keeps the PNG in kilobytes


def _counted(locale: str, key: str, count: int) -> str:
    return t(locale, f"{key}.{'one' if count == 1 else 'many'}", count=count)


def title(trend: Trend) -> str:
    return t(trend.locale, "digest.picture.title", weeks=len(trend.weeks))


def alt_text(trend: Trend) -> str:
    """'Last 6 weeks: 14 steps completed, 3 failures shared. By week (steps/failures): W44 2/0, …'"""
    locale = trend.locale
    total = t(
        locale,
        "digest.picture.alt",
        weeks=len(trend.weeks),
        completed=_counted(locale, "digest.picture.completed", trend.completed),
        failures=_counted(locale, "digest.picture.failures", trend.failures),
    )
    weeks = ", ".join(
        f"{t(locale, 'digest.picture.week', week=w.week)} {w.completed}/{w.failures}" for w in trend.weeks
    )
    return f"{total}. {t(locale, 'digest.picture.by_week', weeks=weeks)}"


def png(trend: Trend) -> bytes:
    from matplotlib.figure import Figure
    from PIL import Image

    locale = trend.locale
    figure = Figure(figsize=SIZE, dpi=DPI)
    axes = figure.add_subplot()
    positions = range(len(trend.weeks))
    width = 0.38
    for offset, (colour, hatch), values, key in (
        (-width / 2, COMPLETED, [w.completed for w in trend.weeks], "digest.picture.legend.completed"),
        (width / 2, FAILURES, [w.failures for w in trend.weeks], "digest.picture.legend.failures"),
    ):
        axes.bar(
            [p + offset for p in positions],
            values,
            width,
            label=t(locale, key),
            color=colour,
            hatch=hatch,
            edgecolor="#1a1a1a",
            linewidth=0.5,
        )
    top = max([w.completed for w in trend.weeks] + [w.failures for w in trend.weeks] + [1])
    axes.set_ylim(0, top * 1.2)
    axes.set_xticks(list(positions), [t(locale, "digest.picture.week", week=w.week) for w in trend.weeks])
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(labelsize=8, length=2)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title(trend), loc="left", fontsize=9)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    figure.tight_layout(pad=0.4)
    drawn = io.BytesIO()
    figure.savefig(drawn, format="png", facecolor="white", metadata={"Software": None})
    drawn.seek(0)
    with Image.open(drawn) as image:
        small = image.convert("RGB").quantize(colors=COLOURS)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return out.getvalue()
