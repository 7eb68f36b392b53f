"""The follow-up's charts, drawn on the server as SVG with matplotlib (Agg, no pyplot): nothing
runs in the browser and nothing is fetched, the page prints as it shows, and the same figures
stand beside each chart as a table for whoever does not see it.

Colours are the Okabe–Ito palette (told apart with colour blindness) with a hatch per measure,
so a black-and-white print still tells the bars apart."""

from __future__ import annotations

import io

from babel.dates import format_date

from bot.web.texts import Texts
from nudges.service.strategy import AreaFollowUp

MEASURES = ("leaders", "completed", "failures", "courses", "collaborations")
COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00")
HATCHES = ("", "//", "..", "xx", "\\\\")


def month_label(year: int, month: int, locale: str) -> str:
    from datetime import date

    return format_date(date(year, month, 1), "LLL yyyy", locale=locale)


def chart_svg(follow: AreaFollowUp, texts: Texts) -> bytes:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.add_subplot()
    months = follow.months
    width = 0.8 / len(MEASURES)
    for index, (measure, colour, hatch) in enumerate(zip(MEASURES, COLOURS, HATCHES, strict=True)):
        values = [getattr(m, measure) or 0 for m in months]
        positions = [i + (index - (len(MEASURES) - 1) / 2) * width for i in range(len(months))]
        axes.bar(
            positions,
            values,
            width,
            label=texts(f"followup.{measure}"),
            color=colour,
            hatch=hatch,
            edgecolor="#1a1a1a",
            linewidth=0.5,
        )
    top = max([getattr(m, measure) or 0 for m in months for measure in MEASURES] + [1])
    for i, m in enumerate(months):
        if m.too_few:
            axes.text(
                i,
                top * 0.05,
                texts("followup.too_few"),
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=9,
                color="#333333",
            )
    axes.set_xticks(range(len(months)), [month_label(m.year, m.month, texts.locale) for m in months])
    axes.set_ylim(0, top * 1.15)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(follow.area.name(texts.locale), loc="left", fontsize=12)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, facecolor="white")
    return out.getvalue()


def chart_alt(follow: AreaFollowUp, texts: Texts) -> str:
    return texts("followup.chart_alt", name=follow.area.name(texts.locale))
