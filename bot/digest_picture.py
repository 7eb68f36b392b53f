"""The digest's small picture: the team's last weeks as a bar chart, a PNG drawn on the server
with matplotlib (Agg, no pyplot, nothing fetched), and the same numbers in words for whoever does
not see it (the image's alt text).

Slack shows it from an uploaded file, Teams from a data URL inside the card, and a Teams message
may weigh about 28 KB in all: the image is drawn small, in few colours, and stored as a palette
PNG, which keeps it to a few kilobytes. Colours and hatches are the admin page's (Okabe–Ito, told
apart with colour blindness, and in black and white by the hatch)."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=64)  # the same picture again (a card retried, a preview) is not redrawn
def png(trend: Trend) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    locale = trend.locale
    figure = Figure(figsize=SIZE, dpi=DPI, facecolor="white")
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
    figure.text(0.01, 0.97, title(trend), fontsize=9, va="top")
    figure.legend(loc="upper right", bbox_to_anchor=(0.99, 1.0), ncols=2, fontsize=8, frameon=False)
    # Fixed margins, not tight_layout: that lays the figure out by drawing it a second time, and a
    # digest run draws one picture per channel.
    figure.subplots_adjust(left=0.06, right=0.99, top=0.84, bottom=0.14)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.convert("RGB").quantize(colors=COLOURS).save(out, format="PNG", optimize=True)
    return out.getvalue()
