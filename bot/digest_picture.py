"""The digest's small picture: the team's last weeks as a bar chart, a PNG drawn on the server
with Pillow (nothing fetched), and the same numbers in words for whoever does not see it (the
image's alt text).

Slack shows it from an uploaded file, Teams from a data URL inside the card, and a Teams message
may weigh about 28 KB in all: the image is drawn small, in a palette of 32 colours, which keeps
the PNG to a few kilobytes. Colours and hatches are the admin page's (Okabe–Ito, told apart with
colour blindness, and in black and white by the hatch).

Why our own drawing and not matplotlib (as the admin page's charts are): a digest run draws one
picture per channel, and a matplotlib figure costs its artists, its layout and a full Agg render
however small the chart. Measured in one run on 2 cores (AMD EPYC, load about 3), 200 pictures
with varying numbers in both languages, the two drawn in turn: matplotlib 47.2 ms a picture
(median 40.6), this drawing 1.8 ms (median 1.7). Posting 1,000 digests (`python -m benchmarks
--only digests`) with every picture drawn took 80 s with matplotlib, 12 s with this. The chart
is six pairs of rectangles, straight axes and a few labels, which is little to own; the text is
DejaVu Sans from matplotlib's own data (a dependency already, for the admin page), so no system
font is assumed, and å ä ö render.

No cache of drawn pictures: real teams' numbers differ, so a cache hit was a benchmark whose
channels were all alike, not a digest. What does repeat is kept: each string as Pillow renders
it (the title, the legend, week labels, tick numbers) and the frame around the bars (the same
weeks for every team of a run, the ticks from a short list). Rendering the text anew was most of
a picture's interpreter time (`ImageDraw.text`, 1.6 of 3.0 s posting 1,000 digests, measured
with py-spy); with the strings and frames kept a picture is a copy, its bars and the PNG's
encoding, and drawing took 0.35 s of interpreter time for the 1,000, the font loaded once
without importing matplotlib. The pictures are the same pixel for pixel
(tests/test_digest_picture.py compares them; 46 pictures drawn before and after this change
were the same to the byte).
A retried Slack post reuses the file it uploaded (kept on the digest); a Teams card drawn again
costs one more picture."""

from __future__ import annotations

import functools
import io
import math
import threading
from pathlib import Path

from bot.i18n import t
from nudges.team_trend import Trend

COMPLETED = ("#009E73", "//")  # the admin page's "completed"
FAILURES = ("#D55E00", "..")  # the admin page's "failures"
WIDTH, HEIGHT = 480, 190
COLOURS = 32  # a palette this small keeps the PNG in kilobytes
INK = (26, 26, 26)  # text, axes, bar edges and hatches: #1a1a1a, as on the admin page
WHITE = (255, 255, 255)
TITLE_PX, LABEL_PX = 13, 11  # 9 pt and 8 pt at 100 dpi, as the picture was first drawn
PAD = 5
TICKS = 5  # at most this many y-axis ticks, 0 included
# The digests are posted from several threads, and a FreeType face is not safe to use from two at
# once (Pillow relies on the GIL for that): the font is used under this lock, which is only ever
# taken to measure or render a string not seen before. The rest of a picture is its own image.
_FONT = threading.Lock()


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


@functools.cache
def _font(size: int):
    """DejaVu Sans as matplotlib ships it: found by its data path, not by a font search, which
    would read the system's fonts and write a cache on first use. The path is where
    `matplotlib.get_data_path()` says, found without importing matplotlib (half a second)."""
    from importlib.util import find_spec

    from PIL import ImageFont

    data = Path(find_spec("matplotlib").origin).with_name("mpl-data")
    return ImageFont.truetype(str(data / "fonts" / "ttf" / "DejaVuSans.ttf"), size)


@functools.cache
def _hatched(colour: str, hatch: str):
    """The whole canvas filled with a bar's colour and hatch; a bar is the piece of it where the
    bar stands, so neighbouring bars' hatches line up as matplotlib's do."""
    from PIL import Image, ImageDraw

    tile = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(tile)
    if hatch == "//":
        for x in range(-HEIGHT, WIDTH, 11):
            draw.line([(x, HEIGHT), (x + HEIGHT, 0)], fill=INK, width=1)
    else:
        for y in range(2, HEIGHT, 7):
            for x in range(2 + (y // 7 % 2) * 4, WIDTH, 8):
                draw.rectangle([x, y, x + 1, y + 1], fill=INK)
    return tile


@functools.cache
def _palette():
    """White, the two bar colours and a ramp from ink to white for the text's smoothed edges: a
    fixed palette keeps the bar colours exact (a median cut would average them) and costs less."""
    from PIL import Image

    colours = [WHITE, INK, *(_rgb(c) for c, _ in (COMPLETED, FAILURES))]
    steps = COLOURS - len(colours)
    colours += [tuple(round(i + (255 - i) * k / (steps + 1)) for i in INK) for k in range(1, steps + 1)]
    image = Image.new("P", (1, 1))
    image.putpalette([v for colour in colours for v in colour])
    return image


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 at a step of 1, 2 or 5 times a power of ten, at most TICKS of
    them, the highest at or above `top` so the tallest bar stands under it."""
    for power in range(0, 20):
        for base in (1, 2, 5):
            step = base * 10**power
            count = math.ceil(top / step)
            if count + 1 <= TICKS:
                return [step * i for i in range(count + 1)]
    raise ValueError(top)


@functools.lru_cache(maxsize=4096)
def _length(text: str, size: int) -> float:
    font = _font(size)
    with _FONT:
        return font.getlength(text)


@functools.lru_cache(maxsize=4096)
def _stamp(text: str, size: int, anchor: str):
    """The string as Pillow draws it, once: its coverage (an "L" image cut to the text's box)
    and where that box starts from the anchor point. Pasting INK through it is what
    `ImageDraw.text` does with the mask it renders (the same blend), so a stamped picture is the
    drawn one pixel for pixel (tests/test_digest_picture.py compares them). A picture's strings
    repeat from one to the next: the title, the legend, the week labels of the run's weeks and
    the tick numbers, a few hundred in all, held here at about a kilobyte each."""
    from PIL import Image, ImageDraw

    font = _font(size)
    with _FONT:
        left, top, right, bottom = font.getbbox(text, anchor=anchor)
        stamp = Image.new("L", (max(right - left, 1), max(bottom - top, 1)), 0)
        ImageDraw.Draw(stamp).text((-left, -top), text, font=font, fill=255, anchor=anchor)
    return stamp, (left, top)


def _stamped(image, draw, xy: tuple[int, int], text: str, size: int, anchor: str) -> None:
    stamp, (left, top) = _stamp(text, size, anchor)
    x, y = xy[0] + left, xy[1] + top
    image.paste(INK, (x, y, x + stamp.width, y + stamp.height), stamp)


def _written(image, draw, xy: tuple[int, int], text: str, size: int, anchor: str) -> None:
    """The string rendered anew, as the picture was first drawn: what the stamps must equal."""
    with _FONT:
        draw.text(xy, text, font=_font(size), fill=INK, anchor=anchor)


def png(trend: Trend) -> bytes:
    return _drawn(trend)


def _drawn(trend: Trend, text=_stamped) -> bytes:
    """`text(image, draw, xy, string, size, anchor)` puts a string on the picture in ink."""
    from PIL import Image, ImageDraw

    # The frame (title, legend, axes, ticks and week labels), then the bars, which meet it only
    # on the x axis and the week's mark below it, both ink: the order does not show.
    top = max([*(w.completed for w in trend.weeks), *(w.failures for w in trend.weeks), 1])
    ticks = tuple(_ticks(top))
    frame, left, bottom, scale = _frame(trend.locale, tuple(w.week for w in trend.weeks), ticks, text)
    image = frame.copy()
    draw = ImageDraw.Draw(image)

    # The bars: a pair a week, each 38 % of a week's width, as the picture was first drawn. A
    # count above zero is at least two pixels tall, so one step beside a thousand still shows.
    group = (WIDTH - PAD - left) / max(len(trend.weeks), 1)
    bar = group * 0.38
    for i, week in enumerate(trend.weeks):
        centre = left + group * (i + 0.5)
        for offset, (colour, hatch), value in ((-bar, COMPLETED, week.completed), (0.0, FAILURES, week.failures)):
            if value:
                x0, x1 = round(centre + offset), round(centre + offset + bar)
                y0 = min(round(bottom - value * scale), bottom - 2)
                box = (x0, y0, x1, bottom)
                image.paste(_hatched(colour, hatch).crop(box), box[:2])
                draw.rectangle(box, outline=INK)

    # zlib's level 6, not 9 (`optimize`): 9 took 3.7 of a picture's 4.3 ms here to save 400 bytes.
    out = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


@functools.lru_cache(maxsize=16)
def _frame(locale: str, weeks: tuple[int, ...], ticks: tuple[int, ...], text):
    """Everything but the bars, which depends on the language, the weeks shown and the y axis'
    ticks alone: in one run the teams' weeks are the same and the ticks come from a short list
    (1, 2 or 5 times a power of ten, at most five of them), so frames repeat from channel to
    channel and a picture is the frame's copy and its bars. Sixteen frames of 270 KB at most.
    Answers the frame (never drawn on: it is copied) and where the bars go."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)

    # The title on the left, the legend on the right of the same line, or on a line of its own
    # under the title when a language's words make them meet.
    heading = t(locale, "digest.picture.title", weeks=len(weeks))
    text(image, draw, (PAD, PAD), heading, TITLE_PX, "lt")
    legend = (
        (COMPLETED, t(locale, "digest.picture.legend.completed")),
        (FAILURES, t(locale, "digest.picture.legend.failures")),
    )
    swatch = (22, 10)
    entries = [(style, label, swatch[0] + 5 + _length(label, LABEL_PX)) for style, label in legend]
    legend_width = sum(width for *_, width in entries) + 14 * (len(entries) - 1)
    title_width = _length(heading, TITLE_PX)
    legend_y = PAD if PAD + title_width + 16 + legend_width <= WIDTH - PAD else PAD + TITLE_PX + 5
    x = WIDTH - PAD - legend_width
    for (colour, hatch), label, width in entries:
        box = (round(x), legend_y, round(x) + swatch[0], legend_y + swatch[1])
        image.paste(_hatched(colour, hatch).crop(box), box[:2])
        draw.rectangle(box, outline=INK)
        text(image, draw, (box[2] + 5, legend_y + swatch[1] // 2), label, LABEL_PX, "lm")
        x += width + 14

    # The axes: whole-number ticks on the left, wide enough for their longest number.
    left = PAD + max(_length(str(tick), LABEL_PX) for tick in ticks) + 6
    right, plot_top, bottom = WIDTH - PAD, legend_y + swatch[1] + 12, HEIGHT - 8 - LABEL_PX - 4
    left = round(left)
    scale = (bottom - plot_top) / (ticks[-1] * 1.1)  # the top tick a little under the axis' end
    for tick in ticks:
        y = round(bottom - tick * scale)
        draw.line([(left - 3, y), (left - 1, y)], fill=INK)
        text(image, draw, (left - 5, y), str(tick), LABEL_PX, "rm")
    draw.line([(left, plot_top), (left, bottom)], fill=INK)
    draw.line([(left, bottom), (right, bottom)], fill=INK)

    # Each week's mark and label under its pair of bars.
    group = (right - left) / max(len(weeks), 1)
    for i, week in enumerate(weeks):
        centre = left + group * (i + 0.5)
        draw.line([(round(centre), bottom), (round(centre), bottom + 2)], fill=INK)
        label = t(locale, "digest.picture.week", week=week)
        text(image, draw, (round(centre), bottom + 5), label, LABEL_PX, "mt")
    return image, left, bottom, scale
