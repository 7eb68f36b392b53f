"""The digest's picture as data and as drawn: the weeks counted as the digest counts them, the
floor of five, nothing private counted (read from the database as a digest reads it), and the
image small enough for a Teams card, in Block Kit Slack takes."""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import digest_picture
from bot.slack.blocks import digest_message
from bot.teams.digest_card import CARD_BUDGET, digest_card
from nudges import team_trend
from nudges.digest_posting import message_for
from nudges.team_week import Activity, DigestData, Entry
from storage.models import Commitment, Person, Reflection, Team, Workspace
from tests.blockkit import check_blocks

STOCKHOLM = ZoneInfo("Europe/Stockholm")
END = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # Friday 14:00 in Stockholm, ISO week 49
FIRST_MONDAY = datetime(2026, 10, 26, 0, 0, tzinfo=STOCKHOLM)  # week 44: five weeks before


def act(person: str, kind: str = "completed", *, at: datetime, private: bool = False) -> Activity:
    return Activity(1, person, person.lower(), False, kind, private, at, category="course", title="Kurs")


def trend(items, members=("U1", "U2", "U3", "U4", "U5")):
    return team_trend.trend(items, workspace_id=1, members=set(members), end=END, tz=STOCKHOLM, locale="en")


def test_six_iso_weeks_in_the_teams_time_ending_at_the_digest():
    items = [
        act("U1", at=FIRST_MONDAY),  # the first moment of the first week
        act("U2", at=FIRST_MONDAY - timedelta(seconds=1)),  # the Sunday before: outside
        act("U3", "failure", at=FIRST_MONDAY + timedelta(weeks=2, days=3)),
        act("U4", at=END - timedelta(minutes=1)),
        act("U5", at=END),  # the digest's moment itself belongs to the next one
        act("U1", "committed", at=END - timedelta(days=1)),  # a commitment is not a step taken
    ]
    found = trend(items)
    assert [(w.week, w.completed, w.failures) for w in found.weeks] == [
        (44, 1, 0),
        (45, 0, 0),
        (46, 0, 1),
        (47, 0, 0),
        (48, 0, 0),
        (49, 1, 0),
    ]
    assert (found.completed, found.failures, found.leaders) == (2, 1, 3)


def test_the_picture_needs_five_leaders_in_its_numbers():
    at = END - timedelta(days=2)
    four = [act(p, at=at) for p in ("U1", "U2", "U3", "U4")]
    args = dict(workspace_id=1, end=END, tz=STOCKHOLM, locale="sv")
    members = {"U1", "U2", "U3", "U4", "U5", "U6"}
    assert team_trend.picture(four, members=members, **args) is None
    assert team_trend.picture([*four, act("U5", "committed", at=at)], members=members, **args) is None
    assert team_trend.picture([*four, act("U5", at=at, private=True)], members=members, **args) is None
    assert team_trend.picture([*four, act("U6", at=at)], members=members - {"U6"}, **args) is None
    shown = team_trend.picture([*four, act("U5", "failure", at=at)], members=members, **args)
    assert shown is not None and (shown.leaders, shown.completed, shown.failures) == (5, 4, 1)


def test_nothing_private_is_counted_as_the_digest_reads_the_database(engine):
    at = END - timedelta(days=3)
    with Session(engine) as session:
        workspace = Workspace(platform="slack", external_id="T0PIC")
        session.add(workspace)
        session.flush()
        people = [Person(workspace_id=workspace.id, external_id=f"U{i}", display_name=f"L{i}") for i in range(6)]
        session.add_all(people)
        session.flush()
        team = Team(workspace_id=workspace.id, channel_id="C0PIC", locale="en", tz="Europe/Stockholm")
        session.add(team)

        def commitment(person: Person, *, private: bool = False) -> Commitment:
            row = Commitment(
                workspace_id=workspace.id,
                person_id=person.id,
                number=1,
                category="course",
                title="Hemlig" if private else "Kurs",
                private=private,
                state="done",
                due=(at + timedelta(days=10)).date(),
                created_at=at - timedelta(days=1),
                completed_at=at,
            )
            session.add(row)
            session.flush()
            return row

        for person in people[:5]:
            commitment(person)
        secret = commitment(people[5], private=True)  # a sixth leader, all of it private
        for row in (
            Reflection(workspace_id=workspace.id, person_id=people[5].id, kind="failure", text="x", private=True),
            Reflection(
                workspace_id=workspace.id,
                person_id=people[5].id,
                commitment_id=secret.id,
                kind="failure",
                text="about a private step",
            ),
            Reflection(workspace_id=workspace.id, person_id=people[0].id, kind="failure", text="shared"),
        ):
            row.created_at = at
            session.add(row)
        session.commit()
        members = {p.external_id for p in people}
        message = message_for(session, team, start=END - timedelta(days=7), end=END, members=members, digest_id=None)

    picture = message.picture
    assert picture is not None
    assert (picture.completed, picture.failures, picture.leaders) == (5, 1, 5)
    assert digest_picture.alt_text(picture).startswith("Last 6 weeks: 5 steps completed, 1 failure shared.")


def many_weeks(locale: str = "en") -> team_trend.Trend:
    weeks = tuple(team_trend.Week(2026, 44 + i, completed=3 * i, failures=i % 2) for i in range(6))
    return team_trend.Trend(locale, weeks, leaders=7)


def test_the_png_is_small_and_its_words_say_what_it_shows():
    for locale, words in (
        ("en", "Last 6 weeks: 45 steps completed, 3 failures shared. By week (steps/failures): W44 0/0, W45 3/1"),
        (
            "sv",
            "De senaste 6 veckorna: 45 steg avklarade, 3 misslyckanden delade. Per vecka (steg/misslyckanden): v. 44",
        ),
    ):
        drawn = digest_picture.png(many_weeks(locale))
        assert drawn.startswith(b"\x89PNG\r\n\x1a\n") and len(drawn) < 8_000
        assert digest_picture.alt_text(many_weeks(locale)).startswith(words)


def big_week(lines: int) -> DigestData:
    data = DigestData(locale="en", start=END - timedelta(days=7), end=END)
    for i in range(lines):
        data.completed.append(Entry(f"U{i}", f"Leader {i}", "course", "A long course title " * 9))
        data.failures.append(Entry(f"U{i}", f"Leader {i}", "failure", None, "What went wrong " * 20, "And why " * 30))
        data.committed.append(Entry(f"U{i}", f"Leader {i}", "course", "A long course title " * 9))
        data.learnings.append(Entry(f"U{i}", f"Leader {i}", None, None, "What I learned " * 30))
    return data


def size(card: dict) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode())


def test_the_teams_card_carries_the_picture_unless_it_would_be_too_big():
    small = digest_card(big_week(2), STOCKHOLM, many_weeks())
    [image] = [e for e in small["body"] if e["type"] == "Image"]
    assert base64.b64decode(image["url"].removeprefix("data:image/png;base64,")).startswith(b"\x89PNG")
    assert image["altText"] == digest_picture.alt_text(many_weeks())
    assert size(small) <= CARD_BUDGET

    shown = []
    for lines in range(1, 16):
        card = digest_card(big_week(lines), STOCKHOLM, many_weeks())
        with_image = any(e["type"] == "Image" for e in card["body"])
        assert size(card) <= CARD_BUDGET or not with_image
        shown.append(with_image)
    assert shown[0] and not shown[-1]  # a long week's digest still goes, without its picture


def test_the_slack_image_block_is_block_kit_slack_takes():
    reply = digest_message(big_week(2), STOCKHOLM, ("F0PICTURE", "Last 6 weeks", digest_picture.alt_text(many_weeks())))
    check_blocks(reply.blocks)
    [image] = [b for b in reply.blocks if b["type"] == "image"]
    assert image["slack_file"] == {"id": "F0PICTURE"} and image["alt_text"].startswith("Last 6 weeks: 45 steps")
    quiet = DigestData(locale="en", start=END - timedelta(days=7), end=END)
    assert [b["type"] for b in digest_message(quiet, STOCKHOLM, ("F0P", "t", "a")).blocks].count("image") == 1


def pixels(drawn: bytes):
    """The PNG as a person's viewer decodes it: its size and its pixels, row by row, as RGB."""
    from PIL import Image

    with Image.open(io.BytesIO(drawn)) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    raw = rgb.tobytes()
    data = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    return rgb.size, [data[y * width : (y + 1) * width] for y in range(height)]


def weeks_of(locale: str, *counts: tuple[int, int]) -> team_trend.Trend:
    weeks = tuple(team_trend.Week(2026, 44 + i, completed=c, failures=f) for i, (c, f) in enumerate(counts))
    return team_trend.Trend(locale, weeks, leaders=7)


GREEN, ORANGE, WHITE = (0x00, 0x9E, 0x73), (0xD5, 0x5E, 0x00), (255, 255, 255)
BELOW_LEGEND = 40  # the title and the legend stand above this row, the bars below it


def test_the_png_decodes_to_its_size_with_both_bars_and_its_words_in_ink():
    for locale in ("en", "sv"):
        size, rows = pixels(digest_picture.png(many_weeks(locale)))
        assert size == (480, 190)
        bars = [p for row in rows[BELOW_LEGEND:] for p in row]
        assert bars.count(GREEN) > 500 and bars.count(ORANGE) > 50  # the bars, not only the legend
        title = [p for row in rows[:20] for p in row[:120]]
        week_labels = [p for row in rows[-20:] for p in row]
        for words in (title, week_labels):
            assert sum(1 for p in words if max(p) < 128) > 30  # dark text on white


def test_weeks_of_nothing_still_draw_axes_and_legend_and_no_bars():
    drawn = digest_picture.png(weeks_of("sv", *[(0, 0)] * 6))
    size, rows = pixels(drawn)
    assert size == (480, 190) and len(drawn) < 8_000
    bars = [p for row in rows[BELOW_LEGEND:] for p in row]
    assert GREEN not in bars and ORANGE not in bars
    legend = [p for row in rows[:BELOW_LEGEND] for p in row]
    assert GREEN in legend and ORANGE in legend
    assert sum(1 for p in bars if max(p) < 128) > 100  # the axes and the week labels


def test_big_numbers_fit_inside_the_picture_and_one_beside_them_still_shows():
    drawn = digest_picture.png(weeks_of("en", (123_456, 1), (99_999, 54_321), (1, 0), (0, 1), (0, 0), (250_000, 3)))
    size, rows = pixels(drawn)
    assert size == (480, 190) and len(drawn) < 8_000
    border = rows[0] + rows[1] + rows[-1] + rows[-2] + [p for row in rows for p in (*row[:2], *row[-2:])]
    assert set(border) == {WHITE}  # the widest tick label and every word end inside the picture
    third_week = [p for row in rows[BELOW_LEGEND:] for p in row[200:250]]  # W46: one step
    assert GREEN in third_week


def test_the_font_draws_swedish_letters():
    font = digest_picture._font(digest_picture.LABEL_PX)
    for swedish, plain in (("å", "a"), ("ä", "a"), ("ö", "o"), ("Å", "A")):
        assert font.getbbox(swedish)[1] < font.getbbox(plain)[1]  # the ring or the dots above
        assert font.getmask(swedish).getbbox() != font.getmask(plain).getbbox()


def varied_trends() -> list[team_trend.Trend]:
    """Both languages, empty weeks, small and big numbers (every kind of tick), two weeks only,
    and weeks across a new year."""
    out = []
    for locale in ("sv", "en"):
        out += [
            many_weeks(locale),
            weeks_of(locale, *[(0, 0)] * 6),
            weeks_of(locale, (123_456, 1), (99_999, 54_321), (1, 0), (0, 1), (0, 0), (250_000, 3)),
            weeks_of(locale, (1, 0), (0, 1)),
            weeks_of(locale, (7, 2), (3, 3), (9, 0), (0, 0), (4, 1), (2, 8)),
            team_trend.Trend(
                locale,
                tuple(
                    team_trend.Week(y, w, c, f)
                    for y, w, c, f in ((2026, 51, 12, 3), (2026, 52, 40, 0), (2026, 53, 0, 0), (2027, 1, 5, 5))
                ),
                leaders=6,
            ),
        ]
    return out


def rgb(drawn: bytes) -> tuple[tuple[int, int], bytes]:
    """The PNG decoded: its size and its pixels as RGB bytes, to compare two pictures."""
    from PIL import Image

    with Image.open(io.BytesIO(drawn)) as image:
        return image.size, image.convert("RGB").tobytes()


def test_a_picture_from_the_kept_strings_is_the_one_rendered_anew_pixel_for_pixel():
    for trend in varied_trends():
        kept = digest_picture.png(trend)
        rendered = digest_picture._drawn(trend, text=digest_picture._written)  # every string rendered by Pillow
        assert rgb(kept) == rgb(rendered), trend


def test_pictures_drawn_by_sixteen_threads_at_once_are_those_drawn_one_by_one():
    from concurrent.futures import ThreadPoolExecutor

    for cache in (digest_picture._stamp, digest_picture._length, digest_picture._frame):
        cache.cache_clear()  # the threads meet the strings and the frames for the first time
    trends = varied_trends() * 8
    with ThreadPoolExecutor(max_workers=16) as pool:
        together = list(pool.map(digest_picture.png, trends))
    alone = [digest_picture._drawn(trend, text=digest_picture._written) for trend in trends]
    assert [rgb(p) for p in together] == [rgb(p) for p in alone]
    # A frame is copied, never drawn on: the first picture drawn again is as it was.
    assert digest_picture.png(trends[0]) == together[0]


def test_the_weeks_count_what_the_digest_of_each_week_lists():
    """The trend's one pass over the items against its definition: `build()` over each week."""
    import random

    from nudges.team_week import build

    rng = random.Random(13)
    members = {f"U{i}" for i in range(8)}
    start = team_trend.span_start(END, STOCKHOLM)
    for _ in range(40):
        items = [
            Activity(
                rng.choice((1, 1, 1, 2)),
                f"U{rng.randrange(10)}",
                "x",
                rng.random() < 0.1,
                rng.choice(("completed", "completed", "failure", "committed", "learning")),
                rng.random() < 0.15,
                start + timedelta(seconds=rng.randrange(-86_400, int((END - start).total_seconds()) + 86_400)),
            )
            for _ in range(rng.randrange(0, 60))
        ]
        items += [act("U1", at=start), act("U2", "failure", at=END), act("U3", at=END - timedelta(microseconds=1))]
        found = trend(items, members=members)
        expected, people = [], set()
        for week in range(6):
            begin = start + timedelta(weeks=week)
            stop = min(begin + timedelta(weeks=1), END)  # Monday 00:00 in Stockholm, as the weeks are
            data = build(items, workspace_id=1, members=members, start=begin, end=stop, locale="en")
            expected.append((len(data.completed), len(data.failures)))
            people |= {e.person for e in data.completed + data.failures}
        assert [(w.completed, w.failures) for w in found.weeks] == expected
        assert found.leaders == len(people)
